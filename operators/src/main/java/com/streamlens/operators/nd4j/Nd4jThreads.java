package com.streamlens.operators.nd4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ND4J's native thread count, per calling thread. Left alone, ND4J gives every call all the machine's cores, so a
 * task manager with several slots runs cores × slots OpenMP/BLAS threads that contend with each other and with
 * Flink (measured on 2 cores: 2 threads per call halve the mails scored per core). A Flink slot is one thread's
 * worth of work, so the default here is one native thread per call; {@code OMP_NUM_THREADS} in the task
 * manager's environment, where a deployment sets it, wins.
 */
public final class Nd4jThreads {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jThreads.class);
    static final String ENV = "OMP_NUM_THREADS";
    private static boolean applied;

    private Nd4jThreads() {}

    /** Once per JVM: one native thread per ND4J call unless {@code OMP_NUM_THREADS} says otherwise. */
    public static synchronized void onePerCallUnlessConfigured() {
        if (applied) return;
        Nd4jBackendCheck.require(); // a backend that cannot start says why here, at open(), not as a corrupt model
        applied = true;
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            LOG.info("ND4J native threads per call: {} (from {})", configured.trim(), ENV);
            return;
        }
        limitTo(1);
        LOG.info("ND4J native threads per call: 1 ({} unset; set it in the task manager's environment to change)", ENV);
    }

    /** Sets OpenMP, ND4J's per-op and BLAS thread counts (Nd4j first: it loads the backend the native ops need). */
    static void limitTo(int threads) {
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /** The thread counts in force: OpenMP, ND4J per op, BLAS. */
    static int[] current() {
        int perOp = Nd4j.getEnvironment().maxMasterThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        return new int[] {NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(), perOp, blas};
    }
}
