package dev.aurorajdbc.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-host health on the connect path: one Resilience4j circuit breaker per host, so that a dead host is not
 * retried in a tight loop and is used again once it recovers.
 *
 * <p>One failure opens a host's breaker (a failed connect or probe is evidence enough on a database host). While
 * open, {@link #tryAcquire} refuses the host. After the wait (the first wait, doubling on every failed trial up to the
 * maximum) the next {@link #tryAcquire} is granted as the single trial; its outcome, reported through
 * {@link #succeeded} or {@link #failed}, closes or re-opens the breaker. There is no automatic transition, hence no
 * scheduler thread: time only moves on when somebody asks.
 *
 * <p>Contract: every granted {@link #tryAcquire} is followed by exactly one of {@link #succeeded}, {@link #failed} or
 * {@link #release}. {@link #failed} may also be reported without a permit (a probe found the host dead).
 */
public final class HostHealth {
    private final ConcurrentMap<HostAddress, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final CircuitBreakerConfig config;

    /**
     * @param clock     the time source (the breakers' open-state wait runs on its monotonic time)
     * @param firstWait how long a host is avoided after its first failure
     * @param maxWait   the longest wait after repeated failed trials
     */
    public HostHealth(Clock clock, Duration firstWait, Duration maxWait) {
        Objects.requireNonNull(clock, "clock");
        if (firstWait.isNegative() || firstWait.isZero() || maxWait.compareTo(firstWait) < 0) {
            throw new IllegalArgumentException("need 0 < firstWait <= maxWait, got " + firstWait + " and " + maxWait);
        }
        this.config = CircuitBreakerConfig.custom()
                .slidingWindow(1, 1, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .waitIntervalFunctionInOpenState(
                        IntervalFunction.ofExponentialBackoff(firstWait.toMillis(), 2.0, maxWait.toMillis()))
                .writableStackTraceEnabled(false)
                .clock(new MonotonicClock(clock))
                .currentTimestampFunction(c -> clock.nanoTime(), TimeUnit.NANOSECONDS)
                .build();
    }

    /**
     * Asks to use {@code host}: granted while its breaker is closed, refused while it is open, and granted once as
     * the trial when the wait has passed.
     *
     * @return true if the caller may connect to (or probe) the host and will report the outcome
     */
    public boolean tryAcquire(HostAddress host) {
        return breaker(host).tryAcquirePermission();
    }

    /** The host answered: closes its breaker. */
    public void succeeded(HostAddress host) {
        breaker(host).onSuccess(0, TimeUnit.NANOSECONDS);
    }

    /** The host did not answer (refused, reset, timed out): opens its breaker. */
    public void failed(HostAddress host, Throwable cause) {
        breaker(host).onError(0, TimeUnit.NANOSECONDS, cause);
    }

    /** Gives back a granted permit whose outcome says nothing about the host (wrong password, for instance). */
    public void release(HostAddress host) {
        breaker(host).releasePermission();
    }

    /** Whether the host is avoided now (its breaker is open or waiting for its trial's outcome); no side effect. */
    public boolean isAvoided(HostAddress host) {
        CircuitBreaker b = breakers.get(host);
        return b != null && b.getState() != CircuitBreaker.State.CLOSED;
    }

    /** Drops the state of hosts that are no longer members. */
    public void retainOnly(Collection<HostAddress> members) {
        breakers.keySet().retainAll(members);
    }

    private CircuitBreaker breaker(HostAddress host) {
        CircuitBreaker b = breakers.get(host);
        if (b == null) {
            b = breakers.computeIfAbsent(host, h -> CircuitBreaker.of(h.toString(), config));
        }
        return b;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("HostHealth[");
        breakers.forEach((h, b) -> s.append(h).append('=').append(b.getState()).append(' '));
        return s.append(']').toString();
    }

    /** {@link java.time.Clock} over the routing clock's monotonic time, for the breakers' open-state wait. */
    private static final class MonotonicClock extends java.time.Clock {
        private final Clock clock;

        MonotonicClock(Clock clock) {
            this.clock = clock;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(0, clock.nanoTime());
        }
    }
}
