// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.xca.responding;

import jakarta.xml.bind.JAXBElement;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.query.AdhocQueryResponse;
import org.openehealth.ipf.commons.ihe.xds.core.stub.ebrs30.rim.IdentifiableType;

/**
 * Sets the ebRIM {@code home} attribute on every object of an ITI-38 response (ExtrinsicObject,
 * RegistryPackage, ObjectRef and Association alike; BRIEF 6.4). Done on the wire form because
 * IPF's Association model has no homeCommunityId.
 */
final class HomeAttributes {
    private HomeAttributes() {}

    static AdhocQueryResponse stamp(AdhocQueryResponse response, String home) {
        if (response.getRegistryObjectList() != null) {
            for (JAXBElement<? extends IdentifiableType> e : response.getRegistryObjectList().getIdentifiable()) {
                e.getValue().setHome(home);
            }
        }
        return response;
    }
}
