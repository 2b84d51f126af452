package io.liaison.policy;

import io.liaison.schemas.LiaisonSchemas;
import io.liaison.schemas.common.Location;
import io.liaison.schemas.common.Person;
import io.liaison.schemas.common.PersonRole;
import io.liaison.schemas.payload.IncidentReport;
import io.liaison.schemas.payload.Severity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Test payloads in the form the Streams app hands to the redactor: raw generic records, no logical-type conversion. */
public final class Payloads {
    static {
        LiaisonSchemas.trustGeneratedClasses();
    }

    private Payloads() {}

    public static GenericRecord raw(SpecificRecord record) {
        Schema schema = record.getSchema();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<SpecificRecord>(schema).write(record, encoder);
            encoder.flush();
            return new GenericDatumReader<GenericRecord>(schema, schema, new GenericData())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Avro binary of a generic record, written with its own schema; fails if the copy's shape or types are wrong. */
    public static byte[] encode(GenericRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A CPD report with two people: a victim with full details and a suspect with none of the optional ones. */
    public static IncidentReport incident() {
        return IncidentReport.newBuilder()
                .setIncidentId("CPD-2024-004711")
                .setOccurredAt(Instant.parse("2024-06-01T21:47:12.345Z"))
                .setOffenseCategory("SHOTS_FIRED")
                .setSeverity(Severity.HIGH)
                .setLocation(
                        new Location(41.881832, -87.648491, "1234 W Madison St, Chicago, IL 60607", "Near West Side"))
                .setNarrative("Victim Maria Lopez (DOB 03/14/1990) called from (312) 555-0142 and reported that "
                        + "Lopez was followed from 1234 West Madison Street. Her SSN is 123-45-6789.")
                .setReportingOfficer("Officer Daniel Reyes")
                .setInvolvedPersons(List.of(
                        Person.newBuilder()
                                .setRole(PersonRole.VICTIM)
                                .setName("Maria Lopez")
                                .setDateOfBirth(LocalDate.of(1990, 3, 14))
                                .setAddress("1234 W Madison St, Chicago, IL 60607")
                                .setPhone("(312) 555-0142")
                                .setImmigrationStatus(io.liaison.schemas.common.ImmigrationStatus.VISA_HOLDER)
                                .setCriminalHistoryFlags(List.of())
                                .build(),
                        Person.newBuilder()
                                .setRole(PersonRole.SUSPECT)
                                .setName("John Doe")
                                .setDateOfBirth(LocalDate.of(1985, 11, 30))
                                .setAddress(null)
                                .setPhone(null)
                                .setImmigrationStatus(null)
                                .setCriminalHistoryFlags(List.of("PRIOR_ASSAULT", "WARRANT_2019"))
                                .build()))
                .build();
    }
}
