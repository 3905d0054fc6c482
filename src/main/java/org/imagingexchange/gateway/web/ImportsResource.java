// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.imagingexchange.gateway.GatewayRuntime;
import org.imagingexchange.gateway.importing.ImportService;
import org.imagingexchange.gateway.importing.ImportState;
import org.imagingexchange.gateway.importing.ImportView;

/**
 * {@code /api/imports}: the transfer center's import jobs (IRWF.b). A job imports one partner
 * study (JSON body) or uploaded media (a zip of a CD/DVD file-set or folder, or one DICOM file).
 *
 * <pre>
 * curl -H 'Content-Type: application/json' -d '{"homeCommunityId":"urn:oid:1.2.3","studyInstanceUid":"1.2.3.4",
 *      "localPatientId":"MRN-1"}' http://localhost:9080/api/imports
 * curl -H 'Content-Type: application/zip' --data-binary @cd.zip 'http://localhost:9080/api/imports?localPatientId=MRN-1'
 * curl 'http://localhost:9080/api/imports?state=needs-review'
 * curl -H 'Content-Type: application/json' -d '{"localPatientId":"MRN-1"}' http://localhost:9080/api/imports/{id}/reconciliation
 * </pre>
 */
@Path("/imports")
@RequestScoped
public class ImportsResource {
    private static final String ZIP = "application/zip";
    private static final int MAX_JSON_BYTES = 16 * 1024;

    @Inject
    GatewayRuntime runtime;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a partner community's study: {homeCommunityId, studyInstanceUid, manifestUniqueId?, "
            + "repositoryUniqueId?, localPatientId?, accessionNumber?, reidentify?}")
    @APIResponse(responseCode = "201", description = "the job was queued; Location names it")
    @APIResponse(responseCode = "200", description = "the same import is already running: that job")
    @APIResponse(responseCode = "400", description = "malformed request: a problem document")
    @APIResponse(responseCode = "404", description = "no partner lists the study for that patient")
    public Response createFromPartner(InputStream body) {
        return handle(() -> {
            JsonObject o = readJson(body);
            var created = runtime.imports().createFromPartner(new ImportService.PartnerRequest(
                    text(o, "homeCommunityId"), text(o, "studyInstanceUid"), text(o, "manifestUniqueId"),
                    text(o, "repositoryUniqueId"), text(o, "localPatientId"), text(o, "accessionNumber"),
                    o.getBoolean("reidentify", false), text(o, "submittedBy")));
            return created(created);
        });
    }

    @POST
    @Consumes({ZIP, "application/dicom", MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import media: a zip of a CD/DVD file-set (DICOMDIR) or folder, or one DICOM file")
    @APIResponse(responseCode = "201", description = "the media was taken in and the job queued")
    @APIResponse(responseCode = "400", description = "not a zip / unusable: a problem document")
    @APIResponse(responseCode = "413", description = "larger than the upload limit or the free import spool")
    public Response createFromMedia(@HeaderParam("Content-Type") String contentType,
                                    @Parameter(description = "the local patient (MRN), if known")
                                    @QueryParam("localPatientId") String localPatientId,
                                    @QueryParam("accessionNumber") String accessionNumber,
                                    @QueryParam("reidentify") boolean reidentify,
                                    @QueryParam("name") String name, InputStream body) {
        boolean zip = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(ZIP);
        return handle(() -> created(runtime.imports().createFromMedia(new ImportService.MediaRequest(
                name == null ? (zip ? "upload.zip" : "upload.dcm") : name, zip, localPatientId, accessionNumber,
                reidentify, null), body)));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import media as multipart/form-data: part 'file' (zip or DICOM), optional parts "
            + "'localPatientId', 'accessionNumber', 'reidentify'")
    @APIResponse(responseCode = "201", description = "the media was taken in and the job queued")
    public Response createFromMultipart(List<EntityPart> parts) {
        return handle(() -> {
            String patient = null;
            String accession = null;
            boolean reidentify = false;
            EntityPart file = null;
            for (EntityPart p : parts) {
                switch (p.getName()) {
                    case "localPatientId" -> patient = p.getContent(String.class).strip();
                    case "accessionNumber" -> accession = p.getContent(String.class).strip();
                    case "reidentify" -> reidentify = Boolean.parseBoolean(p.getContent(String.class).strip());
                    case "file" -> file = p;
                    default -> { } // unknown parts are ignored, as forms carry extra fields
                }
            }
            if (file == null) {
                throw new IllegalArgumentException("a part named 'file' is required");
            }
            String name = file.getFileName().orElse("upload");
            boolean zip = file.getMediaType().toString().startsWith(ZIP) || name.toLowerCase(Locale.ROOT).endsWith(".zip");
            try (InputStream in = file.getContent()) {
                return created(runtime.imports().createFromMedia(new ImportService.MediaRequest(name, zip, patient,
                        accession, reidentify, null), in));
            }
        });
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import jobs, newest first, filtered by state, local patient and creation date")
    @APIResponse(responseCode = "200", description = "a JSON list of jobs")
    @APIResponse(responseCode = "400", description = "unknown state or malformed date")
    public Response list(@Parameter(description = "queued, retrieving, reconciling, needs-review, storing, verifying, "
                                 + "done, done-with-errors, failed, cancelled") @QueryParam("state") String state,
                         @Parameter(description = "local patient id") @QueryParam("patient") String patient,
                         @Parameter(description = "created on or after (YYYY-MM-DD or an instant)")
                         @QueryParam("since") String since,
                         @Parameter(description = "created before (YYYY-MM-DD or an instant)")
                         @QueryParam("until") String until,
                         @QueryParam("limit") Integer limit) {
        return handle(() -> {
            ImportState s = state == null || state.isBlank() ? null : ImportState.ofLabel(state);
            List<ImportView> jobs = runtime.imports().list(new ImportService.Filter(s,
                    patient == null || patient.isBlank() ? null : patient, instant(since, "since"),
                    instant(until, "until"), limit == null ? 100 : limit));
            return Response.ok(jobs.stream().map(ImportView::json).toList()).build();
        });
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One import job with its progress and the files that failed")
    @APIResponse(responseCode = "200", description = "the job")
    @APIResponse(responseCode = "404", description = "no such job")
    public Response get(@PathParam("id") String id) {
        return handle(() -> runtime.imports().get(id)
                .map(v -> Response.ok(v.json()).build())
                .orElseGet(() -> Problem.of(404, "Not Found", "no import job " + id, null)));
    }

    @POST
    @Path("/{id}/reconciliation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirm or correct the local patient of a job ({localPatientId}); a job under review "
            + "goes on to storing")
    @APIResponse(responseCode = "200", description = "the job, going on to storing")
    @APIResponse(responseCode = "409", description = "storing has begun: too late to change the patient")
    public Response confirm(@PathParam("id") String id, InputStream body) {
        return handle(() -> workable(runtime.imports().confirm(id, text(readJson(body), "localPatientId"))));
    }

    @POST
    @Path("/{id}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Run a failed or done-with-errors job again for what did not make it")
    @APIResponse(responseCode = "200", description = "the job, queued again")
    @APIResponse(responseCode = "409", description = "the job is not failed")
    public Response retry(@PathParam("id") String id) {
        return handle(() -> workable(runtime.imports().retry(id)));
    }

    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a job that has not finished (what is stored stays stored)")
    @APIResponse(responseCode = "200", description = "the job, cancelled or cancelling")
    @APIResponse(responseCode = "409", description = "the job has already finished")
    public Response cancel(@PathParam("id") String id) {
        return handle(() -> Response.ok(runtime.imports().cancel(id).json()).build());
    }

    @DELETE
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Same as POST /{id}/cancel")
    @APIResponse(responseCode = "200", description = "the job, cancelled or cancelling")
    public Response delete(@PathParam("id") String id) {
        return cancel(id);
    }

    private interface Work {
        Response run() throws IOException;
    }

    private Response handle(Work work) {
        try {
            return work.run();
        } catch (ImportService.NotFoundException e) {
            return Problem.of(404, "Not Found", e.getMessage(), null);
        } catch (ImportService.ConflictException e) {
            return Problem.of(409, "Conflict", e.getMessage(), null);
        } catch (ImportService.UploadTooLargeException e) {
            return Problem.of(413, "Content Too Large", e.getMessage(), null);
        } catch (ImportService.SpoolFullException e) {
            return Problem.of(503, "Service Unavailable", e.getMessage(), null);
        } catch (IllegalArgumentException | JsonException | ClassCastException e) {
            return Problem.of(400, "Bad Request", e.getMessage(), null);
        } catch (IOException e) {
            return Problem.of(500, "Internal Server Error", "the upload could not be stored: " + e.getMessage(), null);
        }
    }

    /** A job that has work for a node again: the workers look now, not at their next poll. */
    private Response workable(ImportView v) {
        runtime.importRunner().wakeUp();
        return Response.ok(v.json()).build();
    }

    private Response created(ImportService.Created c) {
        runtime.importRunner().wakeUp();
        if (c.existing()) {
            return Response.ok(c.job().json()).build();
        }
        return Response.created(URI.create("imports/" + c.job().id())).entity(c.job().json()).build();
    }

    private static JsonObject readJson(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_JSON_BYTES + 1);
        if (bytes.length > MAX_JSON_BYTES) {
            throw new IllegalArgumentException("request body larger than " + MAX_JSON_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a JSON object is required");
        }
        try (JsonReader r = Json.createReader(new ByteArrayInputStream(bytes))) {
            return r.readObject();
        }
    }

    private static String text(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new IllegalArgumentException(key + " must be a string");
        }
        String s = o.getString(key).strip();
        return s.isEmpty() ? null : s;
    }

    private static Instant instant(String s, String name) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be YYYY-MM-DD or an ISO instant");
        }
    }
}
