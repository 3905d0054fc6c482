// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.imagingexchange.gateway.GatewayRuntime;
import org.imagingexchange.gateway.ingest.StudyView;
import org.imagingexchange.gateway.ingest.UploadService;

/** {@code /api/studies}: upload DICOM files or zips, and read the study index. */
@Path("/studies")
@RequestScoped
public class StudiesResource {
    private static final String ZIP = "application/zip";

    @Inject
    GatewayRuntime runtime;

    @POST
    @Consumes({"application/dicom", ZIP, MediaType.APPLICATION_OCTET_STREAM})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload one DICOM Part 10 file (application/dicom) or a zip of them (application/zip)")
    @APIResponse(responseCode = "200", description = "at least one instance stored or already present")
    @APIResponse(responseCode = "400", description = "nothing usable: a problem document lists each file's reason")
    public Response upload(@HeaderParam("Content-Type") String contentType, InputStream body) throws IOException {
        boolean zip = contentType != null && contentType.toLowerCase().startsWith(ZIP);
        return answer(runtime.uploads().upload("body", body, zip));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload several DICOM files and/or zips as multipart/form-data parts")
    public Response uploadParts(List<EntityPart> parts) throws IOException {
        List<UploadService.Result> results = new ArrayList<>();
        for (EntityPart part : parts) {
            String name = part.getFileName().orElse(part.getName());
            boolean zip = part.getMediaType().toString().startsWith(ZIP) || name.toLowerCase().endsWith(".zip");
            try (InputStream in = part.getContent()) {
                results.add(runtime.uploads().upload(name, in, zip));
            }
        }
        return answer(runtime.uploads().merge(results));
    }

    @GET
    @Path("/{studyUid}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One study of the index with its manifest state")
    public Response study(@PathParam("studyUid") String studyUid) {
        StudyView view = StudyView.load(runtime.database(), studyUid);
        if (view == null) {
            return Problem.of(404, "Not Found", "no study with that Study Instance UID", null);
        }
        return Response.ok(view).build();
    }

    private static Response answer(UploadService.Result r) {
        if (r.nothingAccepted()) {
            String detail = r.rejected().isEmpty() && r.skipped() > 0
                    ? "no DICOM instance in the upload (a DICOMDIR alone lists instances but holds none)"
                    : "no valid DICOM instance in the upload";
            return Problem.of(400, "Bad Request", detail, Map.of("rejected", r.rejected()));
        }
        return Response.ok(r).build();
    }
}
