// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.imagingexchange.gateway.GatewayRuntime;
import org.imagingexchange.gateway.audit.AuditQuery;

/** {@code /api/audit}: search the ATNA audit records this gateway wrote (ITI-20), newest first. */
@Path("/audit")
@RequestScoped
public class AuditResource {
    @Inject
    GatewayRuntime runtime;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Audit records by time, patient, partner, event and outcome (newest first)")
    @APIResponse(responseCode = "200", description = "a JSON list of records (the DICOM AuditMessage only with include=xml)")
    @APIResponse(responseCode = "400", description = "a parameter is invalid: a problem document names it")
    public Response search(
            @Parameter(description = "records at or after: 2026-03-01T10:00:00Z or 2026-03-01") @QueryParam("from") String from,
            @Parameter(description = "records at or before: date-time or date (whole day)") @QueryParam("to") String to,
            @Parameter(description = "patient: a CX id^^^&oid&ISO (exact) or a bare id (any issuer)") @QueryParam("patient") String patient,
            @Parameter(description = "partner community homeCommunityId") @QueryParam("partner") String partner,
            @Parameter(description = "EventID (110112), transaction (ITI-18, RAD-69, SECURITY-ALERT) or EventTypeCode (110126)") @QueryParam("event") String event,
            @Parameter(description = "success, failure, or an EventOutcomeIndicator 0, 4, 8, 12") @QueryParam("outcome") String outcome,
            @Parameter(description = "page size, 1 to 500 (default 100)") @QueryParam("limit") String limit,
            @Parameter(description = "records to skip (default 0)") @QueryParam("offset") String offset,
            @Parameter(description = "xml: add each record's AuditMessage") @QueryParam("include") String include) {
        AuditQuery query;
        try {
            query = AuditQuery.parse(from, to, patient, partner, event, outcome, limit, offset, include);
        } catch (AuditQuery.InvalidParameterException e) {
            return Problem.of(400, "Bad Request", e.getMessage(), Map.of("parameter", e.parameter()));
        }
        return Response.ok(runtime.audit().search().find(query)).build();
    }
}
