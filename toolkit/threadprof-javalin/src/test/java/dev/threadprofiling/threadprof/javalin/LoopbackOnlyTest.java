package dev.threadprofiling.threadprof.javalin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackOnlyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "127.255.255.254", "::1", "[::1]", "0:0:0:0:0:0:0:1",
            "[0:0:0:0:0:0:0:1]", "0:0:0:0:0:0:0:1%0", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]"})
    void loopbackAddressesAreLetIn(String address) {
        assertTrue(LoopbackOnly.isLoopback(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "192.168.1.20", "203.0.113.7", "128.0.0.1", "0.0.0.0", "::", "::2",
            "fe80::1", "2001:db8::1", "::ffff:10.0.0.1", "::ffff:128.0.0.1", "localhost", "example.org", "", " "})
    void otherAddressesAndHostNamesAreNot(String address) {
        assertFalse(LoopbackOnly.isLoopback(address), address);
    }

    @Test
    void checksInetAddressesIncludingIpv4MappedIpv6() throws Exception {
        assertTrue(LoopbackOnly.isLoopback(InetAddress.getByAddress(new byte[] {127, 0, 0, 1})));
        assertTrue(LoopbackOnly.isLoopback(InetAddress.getByAddress(new byte[] {127, 9, 8, 7})));
        assertFalse(LoopbackOnly.isLoopback(InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 0, 1})));
        assertTrue(LoopbackOnly.isLoopback(InetAddress.getByName("::1")));
        byte[] mappedLoopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        // Inet6Address.getByAddress keeps the IPv6 form that InetAddress.getByAddress would convert.
        assertTrue(LoopbackOnly.isLoopback(Inet6Address.getByAddress(null, mappedLoopback, -1)));
        byte[] mappedRemote = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        assertFalse(LoopbackOnly.isLoopback(Inet6Address.getByAddress(null, mappedRemote, -1)));
        byte[] notMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 127, 0, 0, 1};
        assertFalse(LoopbackOnly.isLoopback(Inet6Address.getByAddress(null, notMapped, -1)));
        assertFalse(LoopbackOnly.isLoopback((InetAddress) null));
        assertFalse(LoopbackOnly.isLoopback((String) null));
    }

    @Test
    void debugPathsAreRecognisedHoweverWritten() {
        assertTrue(LoopbackOnly.isDebugPath("/debug/threads"));
        assertTrue(LoopbackOnly.isDebugPath("/debug"));
        assertTrue(LoopbackOnly.isDebugPath("//debug//threads"));
        assertTrue(LoopbackOnly.isDebugPath("/DEBUG/Threads"));
        assertFalse(LoopbackOnly.isDebugPath("/debugger"));
        assertFalse(LoopbackOnly.isDebugPath("/metrics"));
        assertFalse(LoopbackOnly.isDebugPath("/process"));
        assertFalse(LoopbackOnly.isDebugPath(null));
    }
}
