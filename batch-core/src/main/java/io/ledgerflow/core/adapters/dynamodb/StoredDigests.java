package io.ledgerflow.core.adapters.dynamodb;

import static io.ledgerflow.core.adapters.dynamodb.Attr.n;
import static io.ledgerflow.core.adapters.dynamodb.Attr.s;

import io.ledgerflow.core.store.Sha256;
import io.ledgerflow.core.store.WrittenItem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The digests a publish records on the run (README-store.md, "What the close checks"): per shard,
 * the number of items of the run's entries, the entries they hold, and a SHA-256 over their keys,
 * counts and item digests in key order; and the summary's digest. The monthly close hashes the
 * stored items again and compares.
 */
final class StoredDigests {

    /** Run attribute: a list of {shard, items, entries, sha256}, one per shard. */
    static final String SHARDS = "storedDigests";
    /** Run attribute: {@link io.ledgerflow.core.store.DaySummaries#digest} of the published summary. */
    static final String SUMMARY = "summaryDigest";
    /** Differences listed in one message at most. */
    static final int DIFFERENCES_SHOWN = 20;

    private StoredDigests() {}

    /** One shard's items, as recorded at publish or found when checking. */
    record Shard(int shard, long items, long entries, String sha256) {}

    static Shard of(int shard, List<WrittenItem> items) {
        List<WrittenItem> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(WrittenItem::key));
        MessageDigest sha = Sha256.newDigest();
        long entries = 0;
        for (WrittenItem item : sorted) {
            sha.update((item.key() + '\t' + item.entries() + '\t' + item.sha256() + '\n').getBytes(StandardCharsets.UTF_8));
            entries += item.entries();
        }
        return new Shard(shard, sorted.size(), entries, Sha256.hex(sha.digest()));
    }

    static AttributeValue toAttribute(List<Shard> shards) {
        List<AttributeValue> list = new ArrayList<>();
        for (Shard shard : shards) {
            list.add(AttributeValue.fromM(Map.of("shard", n(shard.shard()), "items", n(shard.items()),
                    "entries", n(shard.entries()), "sha256", s(shard.sha256()))));
        }
        return AttributeValue.fromL(list);
    }

    /** The shards recorded on a run item, or null when it was published before digests were recorded. */
    static List<Shard> fromRunItem(Map<String, AttributeValue> run) {
        AttributeValue value = run.get(SHARDS);
        if (value == null || !value.hasL()) {
            return null;
        }
        List<Shard> shards = new ArrayList<>();
        for (AttributeValue v : value.l()) {
            Map<String, AttributeValue> m = v.m();
            shards.add(new Shard((int) n(m, "shard"), n(m, "items"), n(m, "entries"), s(m, "sha256")));
        }
        return shards;
    }

    /**
     * Differences between the items a run's writers reported and those stored, by key: missing,
     * not reported, or stored with another count or digest.
     */
    static List<String> compare(List<WrittenItem> reported, List<WrittenItem> stored) {
        Map<String, WrittenItem> byKey = new HashMap<>();
        reported.forEach(item -> byKey.put(item.shard() + "/" + item.key(), item));
        Map<String, WrittenItem> storedByKey = new HashMap<>();
        stored.forEach(item -> storedByKey.put(item.shard() + "/" + item.key(), item));
        TreeSet<String> keys = new TreeSet<>(byKey.keySet());
        keys.addAll(storedByKey.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            WrittenItem r = byKey.get(key);
            WrittenItem s = storedByKey.get(key);
            if (r == null) {
                differences.add("item " + key + " is stored (" + s.entries() + " entries) but no writer reported it");
            } else if (s == null) {
                differences.add("item " + key + " (" + r.entries() + " entries) was reported written but is not stored");
            } else if (r.entries() != s.entries() || !r.sha256().equals(s.sha256())) {
                differences.add("item " + key + " is stored with " + s.entries() + " entries, digest " + abbreviated(s.sha256())
                        + "; its writer reported " + r.entries() + " entries, digest " + abbreviated(r.sha256()));
            }
        }
        return differences;
    }

    /** Differences between the shards recorded at publish and those found now. */
    static List<String> compareShards(List<Shard> recorded, List<Shard> found) {
        Map<Integer, Shard> was = new TreeMap<>();
        recorded.forEach(s -> was.put(s.shard(), s));
        Map<Integer, Shard> now = new TreeMap<>();
        found.forEach(s -> now.put(s.shard(), s));
        TreeSet<Integer> shards = new TreeSet<>(was.keySet());
        shards.addAll(now.keySet());
        List<String> differences = new ArrayList<>();
        for (int shard : shards) {
            Shard a = was.get(shard);
            Shard b = now.get(shard);
            if (a == null || b == null || !a.equals(b)) {
                differences.add(String.format("shard %03d holds %s; at publish %s", shard, describe(b), describe(a)));
            }
        }
        return differences;
    }

    private static String describe(Shard shard) {
        return shard == null ? "nothing recorded" : shard.items() + " items, " + shard.entries() + " entries, digest "
                + abbreviated(shard.sha256());
    }

    static String abbreviated(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256.isEmpty() ? "(none)" : sha256;
    }

    static String shown(List<String> differences) {
        List<String> shown = differences.subList(0, Math.min(differences.size(), DIFFERENCES_SHOWN));
        return String.join("; ", shown) + (differences.size() > shown.size()
                ? "; and " + (differences.size() - shown.size()) + " more" : "");
    }
}
