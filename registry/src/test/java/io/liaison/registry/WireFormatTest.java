package io.liaison.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liaison.schemas.payload.CommunityNotice;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerIsMagicByteThenBigEndianSchemaId() {
        byte[] framed = WireFormat.frame(0x01020304, new byte[] {42});

        assertThat(framed).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 42);
        assertThat(WireFormat.schemaId(framed)).isEqualTo(0x01020304);
    }

    @Test
    void writeHeaderMatchesFrame() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WireFormat.writeHeader(out, 2_000_000_123);
        out.write(7);

        assertThat(out.toByteArray()).isEqualTo(WireFormat.frame(2_000_000_123, new byte[] {7}));
    }

    @Test
    void idsAboveTwoToThe31AreReadBackAsTheSameInt() {
        assertThat(WireFormat.schemaId(WireFormat.frame(-1, new byte[0]))).isEqualTo(-1);
    }

    @Test
    void anyOtherMagicByteIsRejectedNamingIt() {
        byte[] framed = WireFormat.frame(1, new byte[] {1});
        framed[0] = 0x7b; // '{', what a JSON value would start with

        assertThatThrownBy(() -> WireFormat.schemaId(framed))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("Not a Confluent wire-format message: magic byte is 0x7b, expected 0x00");
    }

    @Test
    void aBufferShorterThanTheHeaderIsRejected() {
        assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0, 1}))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("3 bytes, shorter than the 5-byte header");
        assertThatThrownBy(() -> WireFormat.schemaId(null)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void offlineEncodingIsWhatTheCodecWritesAndDecodesBackWithKnownSchemas() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        byte[] viaCodec = new AvroCodec(registry, true).encode("public-value", AvroCodecTest.notice());
        byte[] offline = WireFormat.encode(AvroCodecTest.notice(), WireFormat.schemaId(viaCodec));

        assertThat(offline).isEqualTo(viaCodec);
        CommunityNotice back =
                WireFormat.decode(offline, CommunityNotice.getClassSchema(), CommunityNotice.getClassSchema());
        assertThat(back).isEqualTo(AvroCodecTest.notice());
    }

    @Test
    void bytesLeftOverAfterTheValueAreRefusedOfflineAndByTheCodec() {
        AvroCodec codec = new AvroCodec(new InMemorySchemaRegistryClient(), true);
        byte[] message = codec.encode("public-value", AvroCodecTest.notice());
        byte[] padded = Arrays.copyOf(message, message.length + 1);
        int id = WireFormat.schemaId(message);

        assertThatThrownBy(() ->
                        WireFormat.decode(padded, CommunityNotice.getClassSchema(), CommunityNotice.getClassSchema()))
                .isInstanceOf(WireFormatException.class)
                .hasMessage("Avro body of a message with schema id " + id + " has bytes left over after the value");
        assertThatThrownBy(() -> codec.decodeGeneric(padded)).isInstanceOf(WireFormatException.class);
    }

    @Test
    void aTruncatedBodyIsRefusedNamingTheSchemaId() {
        byte[] message = WireFormat.encode(AvroCodecTest.notice(), 9);

        assertThatThrownBy(() -> WireFormat.decode(
                        Arrays.copyOf(message, message.length - 3),
                        CommunityNotice.getClassSchema(),
                        CommunityNotice.getClassSchema()))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith("Avro body of a message with schema id 9 does not decode");
    }
}
