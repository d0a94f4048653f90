package dev.threadprofiling.benchmarks.deadlock;

import dev.threadprofiling.benchmarks.BenchmarkSupport;
import java.util.List;

/**
 * The arguments the deadlock mains share: {@code [threads] [rounds] [parked|blocked]}, threads 10,000 and
 * scene {@code parked} by default; {@code --help} prints the usage and exits 0, a bad value exits 2.
 */
record Arguments(int threads, int rounds, String scene) {

    static Arguments parse(String[] args, String main, int defaultRounds) {
        String usage = "usage: " + main + " [threads] [rounds] [parked|blocked]\n";
        if (List.of(args).contains("--help")) {
            System.out.print(usage);
            System.exit(0);
        }
        int threads = args.length > 0 ? BenchmarkSupport.positive("threads", args[0]) : 10_000;
        int rounds = args.length > 1 ? BenchmarkSupport.positive("rounds", args[1]) : defaultRounds;
        String scene = args.length > 2 ? args[2] : "parked";
        if (!scene.equals("parked") && !scene.equals("blocked")) {
            System.err.print("the scene must be parked or blocked, not \"" + scene + "\"\n" + usage);
            System.exit(2);
        }
        return new Arguments(threads, rounds, scene);
    }

    boolean blocked() {
        return scene.equals("blocked");
    }
}
