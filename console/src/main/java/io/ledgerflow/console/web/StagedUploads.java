package io.ledgerflow.console.web;

import io.ledgerflow.console.backend.Upload;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checked uploads waiting for the person's confirmation, each bound to who uploaded it and the
 * day it is for. Bounded: at most {@link #PENDING_MAX}, each for at most {@link #WAIT_MAX}; the
 * oldest goes (its file deleted) when a new one would exceed the bound.
 */
final class StagedUploads {

    static final int PENDING_MAX = 16;
    static final Duration WAIT_MAX = Duration.ofMinutes(30);
    private static final int ID_BYTES = 16;

    record Staged(String id, String user, LocalDate date, Upload upload, String reason, Instant stagedAt) {}

    private final Map<String, Staged> pending = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();

    synchronized Staged stage(String user, LocalDate date, Upload upload, String reason, Instant now) {
        expire(now);
        while (pending.size() >= PENDING_MAX) {
            Iterator<Staged> oldest = pending.values().iterator();
            UploadCheck.deleteQuietly(oldest.next().upload().file());
            oldest.remove();
        }
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        Staged staged = new Staged(HexFormat.of().formatHex(bytes), user, date, upload, reason, now);
        pending.put(staged.id(), staged);
        return staged;
    }

    /** Takes the upload {@code id} if {@code user} staged it for {@code date} and it has not expired. */
    synchronized Optional<Staged> take(String id, String user, LocalDate date, Instant now) {
        expire(now);
        Staged staged = pending.get(id);
        if (staged == null || !staged.user().equals(user) || !staged.date().equals(date)) {
            return Optional.empty();
        }
        pending.remove(id);
        return Optional.of(staged);
    }

    /** Drops an upload the person cancelled. */
    synchronized void cancel(String id, String user) {
        Staged staged = pending.get(id);
        if (staged != null && staged.user().equals(user)) {
            pending.remove(id);
            UploadCheck.deleteQuietly(staged.upload().file());
        }
    }

    private void expire(Instant now) {
        Iterator<Staged> all = pending.values().iterator();
        while (all.hasNext()) {
            Staged staged = all.next();
            if (staged.stagedAt().plus(WAIT_MAX).isBefore(now)) {
                UploadCheck.deleteQuietly(staged.upload().file());
                all.remove();
            }
        }
    }
}
