namespace Amts.Bot.Evaluation;

/// <summary>
/// Counts packed n-gram keys in an open-addressing table that is reused line after line: clearing is O(1)
/// (a generation stamp), so scoring a corpus allocates nothing per line. One table per thread.
/// </summary>
sealed class NgramTable
{
    UInt128[] keys = new UInt128[64];
    int[] counts = new int[64];
    int[] stamps = new int[64];
    int[] used = new int[64];
    int stamp = 1;
    int mask = 63;

    /// <summary>Distinct keys.</summary>
    public int Distinct { get; private set; }

    /// <summary>Sum of all counts.</summary>
    public long Total { get; private set; }

    /// <summary>Empties the table and makes room for up to <paramref name="insertions"/> distinct keys.</summary>
    public void Reset(int insertions)
    {
        Distinct = 0;
        Total = 0;
        int needed = 64;
        while (needed < insertions * 2)
            needed <<= 1;
        if (needed > keys.Length)
        {
            Allocate(needed);
            return;
        }
        if (++stamp == int.MaxValue)
        {
            Array.Clear(stamps);
            stamp = 1;
        }
    }

    void Allocate(int size)
    {
        keys = new UInt128[size];
        counts = new int[size];
        stamps = new int[size];
        used = new int[size];
        mask = size - 1;
        stamp = 1;
    }

    static int Hash(UInt128 key)
    {
        ulong h = (ulong)key * 0x9E3779B97F4A7C15UL ^ (ulong)(key >> 64) * 0xC2B2AE3D27D4EB4FUL;
        return (int)(h ^ (h >> 29));
    }

    int Slot(UInt128 key)
    {
        int i = Hash(key) & mask;
        while (stamps[i] == stamp && keys[i] != key)
            i = (i + 1) & mask;
        return i;
    }

    /// <summary>Doubles the table (rehashing the live keys) once it is half full, so probing always ends.</summary>
    void GrowIfHalfFull()
    {
        if (Distinct * 2 < keys.Length)
            return;
        var (oldKeys, oldCounts, oldUsed, n) = (keys, counts, used, Distinct);
        Allocate(keys.Length * 2);
        Distinct = 0;
        for (int k = 0; k < n; k++)
        {
            int i = Slot(oldKeys[oldUsed[k]]);
            stamps[i] = stamp;
            keys[i] = oldKeys[oldUsed[k]];
            counts[i] = oldCounts[oldUsed[k]];
            used[Distinct++] = i;
        }
    }

    public void Add(UInt128 key)
    {
        GrowIfHalfFull();
        int i = Slot(key);
        Total++;
        if (stamps[i] == stamp)
        {
            counts[i]++;
            return;
        }
        stamps[i] = stamp;
        keys[i] = key;
        counts[i] = 1;
        used[Distinct++] = i;
    }

    /// <summary>Keeps the larger of the stored count and <paramref name="count"/> (BLEU's clipping by the best
    /// reference).</summary>
    public void Max(UInt128 key, int count)
    {
        GrowIfHalfFull();
        int i = Slot(key);
        if (stamps[i] == stamp)
        {
            if (count > counts[i])
            {
                Total += count - counts[i];
                counts[i] = count;
            }
            return;
        }
        stamps[i] = stamp;
        keys[i] = key;
        counts[i] = count;
        Total += count;
        used[Distinct++] = i;
    }

    public int Get(UInt128 key)
    {
        int i = Slot(key);
        return stamps[i] == stamp ? counts[i] : 0;
    }

    public UInt128 KeyAt(int n) => keys[used[n]];

    public int CountAt(int n) => counts[used[n]];

    /// <summary>Σ min(count here, count there): clipped matches.</summary>
    public long Matches(NgramTable other)
    {
        long m = 0;
        for (int n = 0; n < Distinct; n++)
        {
            int i = used[n];
            int c = other.Get(keys[i]);
            if (c > 0)
                m += Math.Min(counts[i], c);
        }
        return m;
    }
}
