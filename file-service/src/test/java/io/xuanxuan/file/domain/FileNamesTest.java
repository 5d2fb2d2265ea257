package io.xuanxuan.file.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;

class FileNamesTest {

    @Test
    void titlesLoseTheirPathsAndControlCharacters() {
        assertThat(FileNames.title("C:\\fakepath\\report.pdf")).isEqualTo("report.pdf");
        assertThat(FileNames.title("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.title("a\r\nb\u0000c.txt")).isEqualTo("abc.txt");
        assertThat(FileNames.title("evil\u202Etxt.exe")).isEqualTo("eviltxt.exe");
        assertThat(FileNames.title("  ")).isEqualTo("file");
        assertThat(FileNames.title("..")).isEqualTo("file");
        assertThat(FileNames.title(null)).isEqualTo("file");
        assertThat(FileNames.title("报告 2026.docx")).isEqualTo("报告 2026.docx");
        String longName = "x".repeat(300) + ".png";
        assertThat(FileNames.title(longName)).hasSize(255).endsWith(".png");
        String emoji = "😀".repeat(200) + ".png";
        String cut = FileNames.title(emoji);
        assertThat(cut.length()).isLessThanOrEqualTo(255);
        assertThat(Character.isHighSurrogate(cut.charAt(cut.length() - 5))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.txt", "报告 2026.docx", "quote\"in.txt", "back\\slash.txt", "a\r\nSet-Cookie: x=1.txt",
            "semi;colon=x.txt", "100%.txt", "tab\there.txt", "dir/sub/name.txt", "emoji😀.png", "'single'.txt"})
    void contentDispositionIsOneSafeHeaderThatGivesTheNameBack(String name) {
        String header = FileNames.contentDisposition(name);
        assertThat(header).startsWith("attachment; filename=\"");
        assertThat(header.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        // the quoted fallback has no quote or backslash inside; the exact name comes back from filename*
        String fallback = header.substring(header.indexOf('"') + 1, header.indexOf("\"; filename*="));
        assertThat(fallback).doesNotContain("\"", "\\");
        String encoded = header.substring(header.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
        assertThat(encoded).matches("[A-Za-z0-9!#$&+\\-.^_`|~%]*");
        String expected = FileNames.title(name);
        assertThat(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(expected);
        // and Spring's parser (as a client would) reads the exact name
        assertThat(ContentDisposition.parse(header).getFilename()).isEqualTo(expected);
    }

    @Test
    void mediaTypesComeFromTheClientElseTheName() {
        assertThat(FileNames.mediaType(MediaType.IMAGE_PNG, "x.bin")).isEqualTo("image/png");
        assertThat(FileNames.mediaType(MediaType.APPLICATION_OCTET_STREAM, "x.png")).isEqualTo("image/png");
        assertThat(FileNames.mediaType(null, "x.pdf")).isEqualTo("application/pdf");
        assertThat(FileNames.mediaType(null, "noextension")).isEqualTo("application/octet-stream");
        assertThat(FileNames.mediaType(MediaType.ALL, "a.txt")).isEqualTo("text/plain");
    }
}
