package com.streamlens.operators.nd4j;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts ND4J's native backend once per JVM and turns a failure into an error that says what the backend needs. Left
 * to itself, a backend that cannot load fails its first caller with ND4J's "Please ensure that you have an nd4j backend
 * on your classpath" inside an ExceptionInInitializerError, and every later caller with "Could not initialize class
 * Nd4j"; the model loader would then report a sound model file as corrupt. The usual cause: a {@code -Pcuda} job jar
 * on a machine without the NVIDIA driver or CUDA 11.x's libraries.
 */
public final class Nd4jBackendCheck {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jBackendCheck.class);
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    private static String backend;
    private static IllegalStateException failure;

    private Nd4jBackendCheck() {}

    /** The backend's class name; throws the same clear error on every call once the backend failed to start. */
    public static synchronized String require() {
        if (backend != null) return backend;
        if (failure != null) throw failure;
        // CUDA's bindings first: once ND4J's backend search has failed, a later load only says "no jnicudart in java.library.path".
        String cudaProblem = onClasspath(CUDA_BACKEND) ? cudaRuntimeProblem() : null;
        if (cudaProblem != null) throw failure = new IllegalStateException(explain(cudaProblem));
        try {
            backend = Nd4j.getBackend().getClass().getName();
        } catch (LinkageError | RuntimeException e) {
            throw failure = new IllegalStateException(explain(rootMessage(e)), e);
        }
        LOG.info("ND4J backend {} started", backend);
        return backend;
    }

    static String explain(String cause) {
        if (onClasspath(CUDA_BACKEND)) {
            return "ND4J's CUDA backend (a -Pcuda build) could not start: " + cause + ". It needs an NVIDIA GPU with its driver"
                    + " (libcuda.so.1) and CUDA 11.6's runtime, cuBLAS and cuSOLVER (libcudart.so.11.0, libcublas.so.11,"
                    + " libcusolver.so.11) on the library path; on a machine without them, run the default CPU build (mvn install without -Pcuda)";
        }
        if (onClasspath(CPU_BACKEND)) {
            return "ND4J's CPU backend (nd4j-native, linux-x86_64 natives) could not start: " + cause + ". It needs a linux-x86_64"
                    + " machine, the nd4j-native and openblas linux-x86_64 jars on the class path and a writable ~/.javacpp/cache,"
                    + " where their natives unpack (-Dorg.bytedeco.javacpp.cachedir=DIR moves it)";
        }
        return "no ND4J backend on the classpath (" + cause + "): the job jar must carry nd4j-native (the default build) or nd4j-cuda-11.6 (-Pcuda)";
    }

    /** Why CUDA's runtime bindings do not load (ND4J only logs it), or null when they do. */
    private static String cudaRuntimeProblem() {
        try {
            Class.forName("org.bytedeco.cuda.global.cudart"); // its static initialiser loads libjnicudart.so and what it links
            return null;
        } catch (ClassNotFoundException e) {
            return null; // no bindings to probe: ND4J's own search says what is missing
        } catch (LinkageError e) {
            return rootMessage(e);
        }
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, Nd4jBackendCheck.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = String.valueOf(root.getMessage()).strip();
        return root.getClass().getSimpleName() + ": " + (message.endsWith(".") ? message.substring(0, message.length() - 1) : message);
    }
}
