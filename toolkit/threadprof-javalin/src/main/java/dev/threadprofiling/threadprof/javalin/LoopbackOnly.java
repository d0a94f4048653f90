package dev.threadprofiling.threadprof.javalin;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule that keeps {@code /debug/*} private: only loopback clients (127.0.0.0/8, ::1, and
 * IPv4-mapped {@code ::ffff:127.x.y.z}) may read thread dumps unless the server owner opens them.
 *
 * <pre>{@code
 * if (LoopbackOnly.isDebugPath(ctx.path()) && !LoopbackOnly.isLoopback(ctx.req().getRemoteAddr())) { 403 }
 * }</pre>
 *
 * <p>The check trusts the TCP peer address only, never {@code X-Forwarded-For}: behind a reverse
 * proxy on the same host every client looks local, so such a proxy must not forward {@code /debug}.
 */
public final class LoopbackOnly {

    /** Characters of an IPv4 or IPv6 literal; anything else is a host name, which is never resolved. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private LoopbackOnly() {
    }

    public static boolean isLoopback(InetAddress address) {
        if (address == null) {
            return false;
        }
        if (address.isLoopbackAddress()) {
            return true;
        }
        return address instanceof Inet6Address && isMappedIpv4Loopback(address.getAddress());
    }

    /**
     * The servlet's {@code getRemoteAddr()} text: {@code 127.0.0.1}, {@code [::1]},
     * {@code 0:0:0:0:0:0:0:1%0}. Only IP literals are accepted; {@code null}, blanks and host
     * names are not loopback.
     */
    public static boolean isLoopback(String remoteAddress) {
        if (remoteAddress == null) {
            return false;
        }
        String literal = remoteAddress.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (literal.isEmpty() || !IP_LITERAL.matcher(literal).matches()) {
            return false;
        }
        try {
            return isLoopback(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether a request path falls under {@code /debug}, however its slashes and case are written. */
    public static boolean isDebugPath(String path) {
        if (path == null) {
            return false;
        }
        String normalised = path.replaceAll("/{2,}", "/").toLowerCase(Locale.ROOT);
        return normalised.equals("/debug") || normalised.startsWith("/debug/");
    }

    private static boolean isMappedIpv4Loopback(byte[] bytes) {
        if (bytes.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff && bytes[12] == 127;
    }
}
