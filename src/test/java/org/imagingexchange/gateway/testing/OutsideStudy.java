// SPDX-License-Identifier: Apache-2.0
package org.imagingexchange.gateway.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;
import com.pixelmed.dicom.SpecificCharacterSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a small outside study for the import tests: {@code count} CT instances of 64x64 noise
 * (or side x side) in one series, with the patient identity of the sending hospital. Fresh 2.25 UIDs each time.
 */
public final class OutsideStudy {
    public final String studyUid = uid();
    public final String seriesUid = uid();
    public final List<Path> files = new ArrayList<>();
    public final List<String> sopUids = new ArrayList<>();

    private OutsideStudy() {}

    /**
     * @param issuer Issuer of Patient ID, or null to leave it out
     */
    public static OutsideStudy write(Path dir, int count, String patientId, String issuer, String name,
                                     String birthDate, String sex) throws IOException {
        return write(dir, count, patientId, issuer, name, birthDate, sex, 64);
    }

    /** As above, with images of {@code side} x {@code side} pixels. */
    public static OutsideStudy write(Path dir, int count, String patientId, String issuer, String name,
                                     String birthDate, String sex, int side) throws IOException {
        OutsideStudy s = new OutsideStudy();
        Files.createDirectories(dir);
        SplittableRandom random = new SplittableRandom(UUID.randomUUID().getMostSignificantBits());
        short[] pixels = new short[side * side];
        try {
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = (short) random.nextInt(4096);
                }
                String sop = uid();
                AttributeList l = new AttributeList();
                put(l, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), "1.2.840.10008.5.1.4.1.1.2");
                put(l, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), sop);
                put(l, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), s.studyUid);
                put(l, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), s.seriesUid);
                put(l, new CodeStringAttribute(TagFromName.Modality), "CT");
                // UTF-8 whenever the name needs more than ASCII, declared as the standard requires
                boolean ascii = name.chars().allMatch(c -> c < 128);
                if (!ascii) {
                    put(l, new CodeStringAttribute(TagFromName.SpecificCharacterSet), "ISO_IR 192");
                }
                put(l, ascii ? new PersonNameAttribute(TagFromName.PatientName) : new PersonNameAttribute(
                        TagFromName.PatientName, new SpecificCharacterSet(new String[] {"ISO_IR 192"})), name);
                put(l, new LongStringAttribute(TagFromName.PatientID), patientId);
                if (issuer != null) {
                    put(l, new LongStringAttribute(TagFromName.IssuerOfPatientID), issuer);
                }
                put(l, new DateAttribute(TagFromName.PatientBirthDate), birthDate);
                put(l, new CodeStringAttribute(TagFromName.PatientSex), sex);
                put(l, new DateAttribute(TagFromName.StudyDate), "20261101");
                put(l, new TimeAttribute(TagFromName.StudyTime), "101500");
                put(l, new ShortStringAttribute(TagFromName.AccessionNumber), "OUT-1");
                put(l, new LongStringAttribute(TagFromName.StudyDescription), "outside CT");
                put(l, new IntegerStringAttribute(TagFromName.SeriesNumber), "1");
                put(l, new IntegerStringAttribute(TagFromName.InstanceNumber), Integer.toString(i + 1));
                put(l, new UnsignedShortAttribute(TagFromName.SamplesPerPixel), "1");
                put(l, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME2");
                put(l, new UnsignedShortAttribute(TagFromName.Rows), Integer.toString(side));
                put(l, new UnsignedShortAttribute(TagFromName.Columns), Integer.toString(side));
                put(l, new UnsignedShortAttribute(TagFromName.BitsAllocated), "16");
                put(l, new UnsignedShortAttribute(TagFromName.BitsStored), "12");
                put(l, new UnsignedShortAttribute(TagFromName.HighBit), "11");
                put(l, new UnsignedShortAttribute(TagFromName.PixelRepresentation), "0");
                OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
                pixelData.setValues(pixels);
                l.put(pixelData);
                FileMetaInformation.addFileMetaInformation(l, TransferSyntax.ExplicitVRLittleEndian, "OUTSIDE");
                Path file = dir.resolve(String.format("IM%04d", i + 1));
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                    l.write(out, TransferSyntax.ExplicitVRLittleEndian, true, true);
                }
                s.files.add(file);
                s.sopUids.add(sop);
            }
        } catch (DicomException e) {
            throw new IOException(e);
        }
        return s;
    }

    private static void put(AttributeList list, Attribute a, String value) throws DicomException {
        a.addValue(value);
        list.put(a);
    }

    private static String uid() {
        return "2.25." + new BigInteger(UUID.randomUUID().toString().replace("-", ""), 16);
    }
}
