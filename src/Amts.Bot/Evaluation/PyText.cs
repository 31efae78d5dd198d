using System.Globalization;
using System.Numerics;
using System.Text;

namespace Amts.Bot.Evaluation;

/// <summary>
/// Python 3 string semantics that sacreBLEU's figures depend on: whitespace as <c>str.split()</c> sees it,
/// <c>str.lower()</c>, and code points rather than UTF-16 units (an astral character is one character).
/// </summary>
internal static class PyText
{
    /// <summary>Python's <c>str.isspace()</c> for one code point (Py_UNICODE_ISSPACE). Unlike .NET's
    /// <c>char.IsWhiteSpace</c>, it counts U+001C–U+001F as whitespace.</summary>
    public static bool IsSpace(int cp) =>
        cp switch
        {
            >= 0x09 and <= 0x0D or >= 0x1C and <= 0x20 => true,
            < 0x85 => false,
            0x85 or 0xA0 or 0x1680 or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
            >= 0x2000 and <= 0x200A => true,
            _ => false,
        };

    public static int[] CodePoints(string s)
    {
        var result = new int[s.Length];
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                result[n++] = char.ConvertToUtf32(c, s[i + 1]);
                i++;
            }
            else
                result[n++] = c;
        }
        return n == result.Length ? result : result[..n];
    }

    public static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp < 0x10000)
            sb.Append((char)cp);
        else
            sb.Append(char.ConvertFromUtf32(cp));
    }

    public static string FromCodePoints(ReadOnlySpan<int> cps)
    {
        var sb = new StringBuilder(cps.Length);
        foreach (var cp in cps)
            AppendCodePoint(sb, cp);
        return sb.ToString();
    }

    /// <summary><c>str.split()</c> with no argument: runs of whitespace separate, no empty strings.</summary>
    public static List<string> Split(string s)
    {
        var parts = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpaceAt(s, i))
                i++;
            int start = i;
            while (i < s.Length && !IsSpaceAt(s, i))
                i++;
            if (i > start)
                parts.Add(s[start..i]);
        }
        return parts;
    }

    // Every Python whitespace character is in the BMP, so a UTF-16 unit test is exact.
    static bool IsSpaceAt(string s, int i) => IsSpace(s[i]);

    public static string RStrip(string s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1]))
            end--;
        return end == s.Length ? s : s[..end];
    }

    public static string Strip(string s)
    {
        int start = 0,
            end = s.Length;
        while (start < end && IsSpace(s[start]))
            start++;
        while (end > start && IsSpace(s[end - 1]))
            end--;
        return s[start..end];
    }

    /// <summary><c>str.lower()</c>: full lowercase mapping (U+0130 becomes "i̇", two code points) and the
    /// Final_Sigma rule (Σ at the end of a word becomes ς), both of which .NET's simple mapping lacks.</summary>
    public static string Lower(string s)
    {
        bool simple = true;
        foreach (var c in s)
            if (c >= 0x80)
            {
                simple = false;
                break;
            }
        if (simple)
            return s.ToLowerInvariant();
        var cps = CodePoints(s);
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < cps.Length; i++)
        {
            int cp = cps[i];
            if (cp == 0x130)
            {
                sb.Append("i\u0307");
                continue;
            }
            if (cp == 0x3A3)
            {
                sb.Append(IsFinalSigma(cps, i) ? 'ς' : 'σ');
                continue;
            }
            AppendCodePoint(sb, Rune.ToLowerInvariant(new Rune(cp)).Value);
        }
        return sb.ToString();
    }

    // Final_Sigma (Unicode 3.13): a cased letter before (skipping case-ignorables), none after.
    static bool IsFinalSigma(int[] cps, int i)
    {
        int j = i - 1;
        while (j >= 0 && IsCaseIgnorable(cps[j]))
            j--;
        if (j < 0 || !IsCased(cps[j]))
            return false;
        j = i + 1;
        while (j < cps.Length && IsCaseIgnorable(cps[j]))
            j++;
        return j >= cps.Length || !IsCased(cps[j]);
    }

    static bool IsCased(int cp)
    {
        var r = new Rune(cp);
        var cat = Rune.GetUnicodeCategory(r);
        return cat
                is UnicodeCategory.UppercaseLetter
                    or UnicodeCategory.LowercaseLetter
                    or UnicodeCategory.TitlecaseLetter
            || Rune.ToLowerInvariant(r) != r
            || Rune.ToUpperInvariant(r) != r;
    }

    static bool IsCaseIgnorable(int cp)
    {
        var cat = Rune.GetUnicodeCategory(new Rune(cp));
        return cat
                is UnicodeCategory.NonSpacingMark
                    or UnicodeCategory.EnclosingMark
                    or UnicodeCategory.Format
                    or UnicodeCategory.ModifierLetter
                    or UnicodeCategory.ModifierSymbol
            || cp is '\'' or '.' or ':' or '^' or '`' or 0xB7 or 0x2019 or 0x2024 or 0x2027 or 0xAD;
    }
}

/// <summary>Python's float formatting, so printed figures match sacreBLEU's to the last digit.</summary>
internal static class PyFormat
{
    /// <summary><c>f"{x:.{decimals}f}"</c>: the exact binary value rounded half to even (.NET rounds exact ties away
    /// from zero).</summary>
    public static string Fixed(double x, int decimals)
    {
        if (double.IsNaN(x))
            return "nan";
        if (double.IsInfinity(x))
            return x > 0 ? "inf" : "-inf";
        bool negative = x < 0 || (x == 0 && double.IsNegative(x));
        long bits = BitConverter.DoubleToInt64Bits(Math.Abs(x));
        int exp = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0)
            exp = 1;
        else
            mantissa |= 1L << 52;
        exp -= 1075; // value = mantissa * 2^exp
        // Scale to an integer count of 10^-decimals units, exactly: value * 10^d = mantissa * 2^exp * 10^d.
        BigInteger numerator = mantissa * BigInteger.Pow(10, decimals);
        BigInteger denominator = BigInteger.One;
        if (exp >= 0)
            numerator <<= exp;
        else
            denominator <<= -exp;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        int cmp = (remainder * 2).CompareTo(denominator);
        if (cmp > 0 || (cmp == 0 && !quotient.IsEven))
            quotient += 1;
        var digits = quotient.ToString(CultureInfo.InvariantCulture);
        if (decimals > 0)
        {
            digits = digits.PadLeft(decimals + 1, '0');
            digits = digits[..^decimals] + "." + digits[^decimals..];
        }
        return (negative ? "-" : "") + digits;
    }

    /// <summary><c>repr(x)</c>: the shortest round-trip digits, in exponent form below 1e-4 or from 1e16 up.</summary>
    public static string Repr(double x)
    {
        if (double.IsNaN(x))
            return "nan";
        if (double.IsInfinity(x))
            return x > 0 ? "inf" : "-inf";
        if (x == 0)
            return double.IsNegative(x) ? "-0.0" : "0.0";
        // Shortest round-trip digits come from "R"; parse them into digits and a decimal exponent.
        var shortest = Math.Abs(x).ToString("R", CultureInfo.InvariantCulture);
        string mant = shortest;
        int e10 = 0;
        int ePos = shortest.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            mant = shortest[..ePos];
            e10 = int.Parse(shortest[(ePos + 1)..], CultureInfo.InvariantCulture);
        }
        int dot = mant.IndexOf('.');
        string digits = dot >= 0 ? mant.Remove(dot, 1) : mant;
        int pointPos = (dot >= 0 ? dot : mant.Length) + e10; // position of the decimal point within digits
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0')
        {
            lead++;
            pointPos--;
        }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0)
            digits = "0";
        string body;
        if (pointPos > 16 || pointPos < -3)
        {
            int exponent = pointPos - 1;
            body =
                digits[..1]
                + (digits.Length > 1 ? "." + digits[1..] : "")
                + "e"
                + (exponent < 0 ? "-" : "+")
                + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (pointPos <= 0)
            body = "0." + new string('0', -pointPos) + digits;
        else if (pointPos >= digits.Length)
            body = digits + new string('0', pointPos - digits.Length) + ".0";
        else
            body = digits[..pointPos] + "." + digits[pointPos..];
        return (x < 0 ? "-" : "") + body;
    }
}
