package io.xuanxuan.presence.api;

import io.xuanxuan.model.xxc.XxcDoor;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The URL of the encrypted WebSocket as the client that asked {@code /serverInfo} reaches it (before the login's
 * {@code user} and {@code ticket}): the configured {@code xuanxuan.xxc.socket-url} if there is one, else derived
 * from the request, so that a server reached as {@code http://im.example.com:11443} hands out
 * {@code ws://im.example.com:11443/xxc/ws}:
 * <ul>
 *   <li>scheme: {@code wss} if {@code X-Forwarded-Proto} (its first value) or, without it, the request says
 *       https; else {@code ws};</li>
 *   <li>host and port: {@code X-Forwarded-Host} (its first value), else {@code Host}; the first of them that is a
 *       host name, an IPv4 address or a bracketed IPv6 address with an optional port. {@code X-Forwarded-Port},
 *       if a port, replaces the port. Neither valid: the address the request came in on (a header that is not a
 *       host must never end up in the URL the client is given).</li>
 * </ul>
 * The headers are the client's own (or its proxy's): a forged one only misdirects the client that forged it.
 */
public final class SocketBase {

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*\\.?");
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV4 = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private final URI configured;

    /** @param configured {@code xuanxuan.xxc.socket-url}, or null to derive the URL from each request */
    public SocketBase(URI configured) {
        this.configured = configured;
    }

    /** The socket URL for this request's client. */
    public URI of(ServerRequest request) {
        if (configured != null) {
            return configured;
        }
        HttpHeaders headers = request.headers().asHttpHeaders();
        return derive(headers.getFirst("X-Forwarded-Proto"), headers.getFirst("X-Forwarded-Host"),
                headers.getFirst("X-Forwarded-Port"), headers.getFirst(HttpHeaders.HOST), request.uri().getScheme(),
                request.localAddress().orElse(null));
    }

    /** The rules above, on the header values (null: absent). */
    static URI derive(String forwardedProto, String forwardedHost, String forwardedPort, String host,
                      String requestScheme, InetSocketAddress local) {
        String scheme = secure(first(forwardedProto)).orElseGet(() -> "https".equalsIgnoreCase(requestScheme))
                ? "wss" : "ws";
        Optional<Authority> fromHeaders = Authority.parse(first(forwardedHost)).or(() -> Authority.parse(host));
        Authority authority = fromHeaders
                .map(found -> portNumber(first(forwardedPort)).map(found::withPort).orElse(found))
                .orElseGet(() -> Authority.of(local));
        return URI.create(scheme + "://" + authority.text(scheme) + XxcDoor.PATH);
    }

    /** True for https/wss, false for http/ws, empty for anything else (ignored). */
    private static Optional<Boolean> secure(String proto) {
        if (proto == null) {
            return Optional.empty();
        }
        return switch (proto.toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> Optional.of(true);
            case "http", "ws" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** A list header's first value, trimmed; null if absent or blank. */
    private static String first(String value) {
        if (value == null) {
            return null;
        }
        int comma = value.indexOf(',');
        String first = (comma < 0 ? value : value.substring(0, comma)).trim();
        return first.isEmpty() ? null : first;
    }

    private static Optional<Integer> portNumber(String text) {
        if (text == null || !PORT.matcher(text).matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
    }

    /** A checked host (name, IPv4, or IPv6 in brackets) and its port (0: none given). */
    private record Authority(String host, int port) {

        static Optional<Authority> parse(String text) {
            if (text == null || text.isEmpty() || text.length() > 261) {
                return Optional.empty();
            }
            String hostPart;
            String portPart;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0 || !ipv6(text.substring(1, close))) {
                    return Optional.empty();
                }
                hostPart = text.substring(0, close + 1);
                String rest = text.substring(close + 1);
                if (!rest.isEmpty() && !rest.startsWith(":")) {
                    return Optional.empty();
                }
                portPart = rest.isEmpty() ? null : rest.substring(1);
            } else {
                int colon = text.indexOf(':');
                hostPart = colon < 0 ? text : text.substring(0, colon);
                portPart = colon < 0 ? null : text.substring(colon + 1);
                if (!hostName(hostPart)) {
                    return Optional.empty();
                }
            }
            if (portPart == null) {
                return Optional.of(new Authority(hostPart, 0));
            }
            return portNumber(portPart).map(port -> new Authority(hostPart, port));
        }

        static Authority of(InetSocketAddress local) {
            if (local == null || local.getAddress() == null) {
                return new Authority("localhost", local == null ? 0 : local.getPort());
            }
            InetAddress address = local.getAddress();
            String text = address.getHostAddress();
            if (address instanceof Inet6Address) {
                int zone = text.indexOf('%');
                text = "[" + (zone < 0 ? text : text.substring(0, zone)) + "]";
            }
            return new Authority(text, local.getPort());
        }

        Authority withPort(int newPort) {
            return new Authority(host, newPort);
        }

        /** host[:port], the port left out when it is the scheme's default. */
        String text(String scheme) {
            boolean standard = port == 0 || ("ws".equals(scheme) && port == 80) || ("wss".equals(scheme) && port == 443);
            return standard ? host : host + ":" + port;
        }

        private static boolean hostName(String host) {
            if (host.length() > 253) {
                return false;
            }
            if (DOTTED_NUMBERS.matcher(host).matches()) {
                return IPV4.matcher(host).matches();
            }
            return HOST_NAME.matcher(host).matches();
        }

        private static boolean ipv6(String literal) {
            if (literal.indexOf(':') < 0 || !IPV6_CHARACTERS.matcher(literal).matches()) {
                return false;
            }
            try {
                // in brackets, the JDK parses it as an IPv6 literal and never looks it up (an invalid one throws)
                InetAddress.getByName("[" + literal + "]");
                return true;
            } catch (UnknownHostException notAnAddress) {
                return false;
            }
        }
    }
}
