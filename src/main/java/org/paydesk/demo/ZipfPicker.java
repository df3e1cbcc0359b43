package org.paydesk.demo;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks a rank in {@code [0, size)} with probability proportional to {@code 1 / (rank + 1)^exponent}:
 * the first few ranks are picked most of the time, the long tail now and then.
 */
final class ZipfPicker {

    private final double[] cumulativeWeights;

    ZipfPicker(int size, double exponent) {
        if (size < 1) {
            throw new IllegalArgumentException("a Zipf choice needs at least one rank, got " + size);
        }
        cumulativeWeights = new double[size];
        double sum = 0;
        for (int rank = 0; rank < size; rank++) {
            sum += 1.0 / Math.pow(rank + 1, exponent);
            cumulativeWeights[rank] = sum;
        }
    }

    int size() {
        return cumulativeWeights.length;
    }

    int pick(SplittableRandom random) {
        double target = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        int found = Arrays.binarySearch(cumulativeWeights, target);
        int rank = found >= 0 ? found : -found - 1;
        return Math.min(rank, cumulativeWeights.length - 1);
    }
}
