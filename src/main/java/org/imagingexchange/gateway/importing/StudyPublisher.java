// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.importing;

import java.io.IOException;

/** Publishes a study's KOS manifest once its imported instances are stored (RAD-68). */
public interface StudyPublisher {
    void publish(String studyUid) throws IOException;
}
