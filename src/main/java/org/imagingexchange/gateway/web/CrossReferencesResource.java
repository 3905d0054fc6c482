// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.imagingexchange.gateway.GatewayRuntime;
import org.imagingexchange.gateway.patient.PatientIndex;
import org.imagingexchange.gateway.xca.crossref.CrossReferenceConflictException;
import org.imagingexchange.gateway.xca.crossref.Link;
import org.imagingexchange.gateway.xca.crossref.LinkSource;
import org.imagingexchange.gateway.xca.crossref.PatientCrossReference;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssigningAuthority;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;

/**
 * {@code /api/patients/{localId}/cross-references}: the ids partner communities know a local
 * patient by (XCA patient cross-reference), one per community. {@code localId} is the patient's
 * id in the local assigning authority ({@code GATEWAY_PATIENT_ID_ISSUER}).
 *
 * <pre>
 * curl -X PUT -H 'Content-Type: application/json' \
 *      -d '{"patientId":"B-778","assigningAuthority":"1.3.6.1.4.1.21367.2026.3.3"}' \
 *      http://localhost:9080/api/patients/IIG-DEPT1021/cross-references/urn:oid:1.3.6.1.4.1.21367.2026.3.1
 * </pre>
 */
@Path("/patients/{localId}/cross-references")
@RequestScoped
public class CrossReferencesResource {
    private static final int MAX_BODY_BYTES = 8192;

    @Inject
    GatewayRuntime runtime;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The partner communities that know this local patient, and the id each knows it by")
    @APIResponse(responseCode = "200", description = "a JSON list of links, by homeCommunityId")
    @APIResponse(responseCode = "400", description = "the local id is malformed: a problem document")
    @APIResponse(responseCode = "404", description = "no such local patient and no link for it")
    public Response list(@Parameter(description = "patient id in the local assigning authority")
                         @PathParam("localId") String localId) {
        PatientCrossReference xref = runtime.crossReference();
        try {
            List<Link> links = xref.forLocalPatient(localId);
            if (links.isEmpty() && !knownLocally(localId)) {
                return Problem.of(404, "Not Found", "no local patient with that id", null);
            }
            return Response.ok(links.stream().map(CrossReferencesResource::view).toList()).build();
        } catch (IllegalArgumentException e) {
            return Problem.of(400, "Bad Request", e.getMessage(), Map.of("parameter", "localId"));
        }
    }

    @PUT
    @Path("/{homeCommunityId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Link the local patient to its id in a partner community (creates or replaces)")
    @RequestBody(description = "{\"patientId\": \"B-778\", \"assigningAuthority\": \"1.3.6.1.4.1.21367.2026.3.3\"}")
    @APIResponse(responseCode = "201", description = "link created")
    @APIResponse(responseCode = "200", description = "the community's link replaced")
    @APIResponse(responseCode = "400", description = "bad JSON or a malformed field: a problem document names it")
    @APIResponse(responseCode = "409", description = "that partner id is already linked to another local patient")
    public Response put(@Parameter(description = "patient id in the local assigning authority")
                        @PathParam("localId") String localId,
                        @Parameter(description = "the partner's homeCommunityId, urn:oid:...")
                        @PathParam("homeCommunityId") String homeCommunityId,
                        InputStream body) throws IOException {
        JsonObject json;
        try {
            json = readObject(body);
        } catch (IllegalArgumentException e) {
            return Problem.of(400, "Bad Request", e.getMessage(), null);
        }
        String patientId = stringField(json, "patientId");
        String authority = stringField(json, "assigningAuthority");
        if (patientId == null || authority == null) {
            String missing = patientId == null ? "patientId" : "assigningAuthority";
            return Problem.of(400, "Bad Request", "the body needs a string field " + missing, Map.of("field", missing));
        }
        PatientCrossReference xref = runtime.crossReference();
        try {
            // validates both ids; the local patient need not have images here yet: the transfer
            // center links an arriving patient's MRN before any of their studies reach us
            boolean existed = xref.forLocalPatient(localId, homeCommunityId).isPresent();
            Link link = xref.link(localId, homeCommunityId, patientId, authority, LinkSource.MANUAL);
            return Response.status(existed ? 200 : 201).entity(view(link)).type(MediaType.APPLICATION_JSON).build();
        } catch (IllegalArgumentException e) {
            return Problem.of(400, "Bad Request", e.getMessage(), null);
        } catch (CrossReferenceConflictException e) {
            return Problem.of(409, "Conflict", e.getMessage(), null);
        }
    }

    @DELETE
    @Path("/{homeCommunityId}")
    @Operation(summary = "Remove the link of the local patient in a partner community")
    @APIResponse(responseCode = "204", description = "removed")
    @APIResponse(responseCode = "400", description = "malformed local id or homeCommunityId")
    @APIResponse(responseCode = "404", description = "there was no such link")
    public Response delete(@PathParam("localId") String localId, @PathParam("homeCommunityId") String homeCommunityId) {
        try {
            return runtime.crossReference().unlink(localId, homeCommunityId) ? Response.noContent().build()
                    : Problem.of(404, "Not Found", "the patient has no link in that community", null);
        } catch (IllegalArgumentException e) {
            return Problem.of(400, "Bad Request", e.getMessage(), null);
        }
    }

    private boolean knownLocally(String localId) {
        Identifiable pid = new Identifiable(localId, new AssigningAuthority(runtime.crossReference().localAuthority(), "ISO"));
        return new PatientIndex(runtime.database()).isKnown(pid);
    }

    private static Map<String, Object> view(Link link) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("homeCommunityId", link.homeCommunityId());
        v.put("patientId", link.partnerPatientId());
        v.put("assigningAuthority", link.partnerAssigningAuthority());
        v.put("source", link.source().code());
        v.put("created", link.created().toString());
        v.put("updated", link.updated().toString());
        return v;
    }

    private static JsonObject readObject(InputStream body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new IllegalArgumentException("the body is not valid JSON");
        }
    }

    private static String stringField(JsonObject json, String name) {
        return json.get(name) instanceof JsonString s ? s.getString() : null;
    }
}
