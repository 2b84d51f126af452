package io.liaison.complaints;

import io.liaison.policy.ComplaintsPolicy;
import io.liaison.policy.ComplaintsPolicy.ComplaintField;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the agency a complaint concerns may be told, as the policy's
 * {@code complaints.concernedAgencyReceives} lists it. The receipt, the contact and the time the
 * resident filed are never in it: {@link ComplaintField} has no member for them.
 */
public final class AgencyView {
    private AgencyView() {}

    /** Field name to value, in the form's order, for the fields the policy shares and nothing else. */
    public static Map<String, String> of(Complaint complaint, ComplaintsPolicy policy) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ComplaintField field : ComplaintField.values()) {
            if (policy.concernedAgencyReceives().contains(field)) {
                out.put(
                        field.key(),
                        switch (field) {
                            case CATEGORY -> complaint.category();
                            case TIME -> complaint.time().toString();
                            case PLACE -> complaint.place();
                            case DESCRIPTION -> complaint.description();
                        });
            }
        }
        return out;
    }
}
