package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void cpuTicksAreUtimePlusStimeCountedFromTheLastParenthesis() {
        // A command name may hold spaces and parentheses; utime is field 14 (here 1234), stime field 15 (here 56).
        String stat = "4242 (Java (Main) x) S 1 4242 4242 0 -1 4194560 12345 0 0 0 1234 56 0 0 20 0 21 0 "
                + "1000 2000000000 30000 18446744073709551615 1 1 0 0 0 0 0 4096 16384 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1234 + 56, ProcStat.cpuTicks(stat));
    }

    @Test
    void aLineThatIsNotAStatLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.cpuTicks("no parenthesis here"));
    }

    @Test
    void threadsAndResidentMemoryComeFromStatus() {
        String status = "Name:\tjava\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 5000000 kB\n"
                + "VmRSS:\t   48804 kB\nRssAnon:\t   30000 kB\nThreads:\t20\nSigQ:\t0/95000\n";
        assertEquals(20, ProcStat.statusNumber(status, "Threads:"));
        assertEquals(48804, ProcStat.statusNumber(status, "VmRSS:"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.statusNumber(status, "VmSwap:"));
    }

    @Test
    void theAcceptQueueIsTheListeningSocketsReceiveQueue() {
        String tcp = """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:4E20 00000000:0000 0A 00001000:0000002A 00:00000000 00000000     0        0 628 1
                   1: 0100007F:4E20 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 629 1
                   2: 0100007F:9C40 0100007F:4E20 01 00000000:00000010 00:00000000 00000000     0        0 630 1
                """;
        assertEquals(42, ProcStat.acceptQueue(tcp, 20000), "0x2A connections wait on port 20000 (0x4E20)");
        assertEquals(-1, ProcStat.acceptQueue(tcp, 40000), "port 40000 is a connection's end, not a listener");
    }

    @Test
    void thisProcessCanBeSampled() throws Exception {
        ProcStat.Sample self = ProcStat.sample(ProcessHandle.current().pid());
        assertTrue(self.threads() > 1, "a JVM has several threads");
        assertTrue(self.rssKiB() > 0);
        assertTrue(self.cpuTicks() >= 0);
        assertTrue(ProcStat.TICKS_PER_SECOND > 0);
    }

    @Test
    void theCpuModelIsTheModelNameLine() {
        assertEquals("Intel(R) Xeon(R) Processor", Machine.cpuModelIn(
                "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Processor\n"));
        assertEquals("unknown CPU", Machine.cpuModelIn("processor\t: 0\n"));
    }
}
