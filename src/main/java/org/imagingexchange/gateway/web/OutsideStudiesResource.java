// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.imagingexchange.gateway.GatewayRuntime;

/**
 * {@code /api/patients/{localId}/outside-studies}: the studies every community (partners that
 * know the patient, and the local registry) has for a local patient, with each community's status
 * and timing. Its own resource class: the other {@code /api/patients/...} resources are unrelated.
 */
@Path("/patients/{localId}/outside-studies")
@RequestScoped
public class OutsideStudiesResource {
    /** An HL7 CX id part: no component separators, bounded. */
    private static final Pattern LOCAL_ID = Pattern.compile("[^\\^&~|\\\\\\s]{1,64}");

    @Inject
    GatewayRuntime runtime;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Imaging studies of a local patient across the federation (KOS manifests found by ITI-18/38)")
    @APIResponse(responseCode = "200", description = "studies, overall status and per-community status and timing")
    @APIResponse(responseCode = "400", description = "not a valid local patient id (problem document)")
    public Response outsideStudies(@PathParam("localId") String localId) {
        if (localId == null || !LOCAL_ID.matcher(localId).matches()) {
            return Problem.of(400, "Bad Request", "a local patient id is 1 to 64 characters without ^ & ~ | \\ "
                    + "or spaces", null);
        }
        return Response.ok(runtime.initiating().outsideStudies().forLocalPatient(localId)).build();
    }
}
