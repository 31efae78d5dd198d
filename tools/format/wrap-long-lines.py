#!/usr/bin/env python3
"""Brings C# lines over the house width (120) under it where a formatter cannot: it re-flows `//` and `///`
comments and splits long string literals into concatenations (`"a " + "b"`, the same value) that CSharpier then
lays out. Run it, then `dotnet csharpier format .`, until nothing changes (tools/format/wrap.sh does both).
Lines inside raw string literals are content and are never touched. Usage: wrap-long-lines.py FILE..."""
import re
import sys

WIDTH = 120
COMMENT = re.compile(r'^(\s*)(///?)(\s*)(.*)$')
NEW_ITEM = re.compile(r'^(<|[-*|•]\s|\d+[.)]\s|$)')


def wrap_words(prefix, text, width=WIDTH):
    words, lines, cur = text.split(' '), [], ''
    for w in words:
        cand = w if not cur else cur + ' ' + w
        if cur and len(prefix) + len(cand) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    lines.append(cur)
    return lines


def reflow_comments(lines):
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        m = COMMENT.match(line)
        if len(line) <= WIDTH or not m or line.strip().startswith('//' + '/' * 2) or m.group(4).startswith('|'):
            out.append(line)
            i += 1
            continue
        indent, mark, space, text = m.groups()
        prefix = indent + mark + (space or ' ')
        parts = wrap_words(prefix, text)
        if len(parts) == 1:  # one word longer than the width (a URL): leave it
            out.append(line)
            i += 1
            continue
        head, rest = parts[:-1], parts[-1]
        out.extend(prefix + p for p in head)
        # The remainder joins the next line when that line continues the same paragraph of the same comment.
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        n = COMMENT.match(nxt) if nxt is not None else None
        closes = re.search(r'</\w+>\s*$', rest)
        if n and n.group(1) == indent and n.group(2) == mark and not NEW_ITEM.match(n.group(4)) and not closes:
            lines[i + 1] = indent + mark + n.group(3) + rest + ' ' + n.group(4)
        else:
            out.append(prefix + rest)
        i += 1
    return out


def literal_at(line, start):
    """The string literal starting at `start` (its prefix letters included): (end index, prefix, kind) or None."""
    j = start
    prefix = ''
    while j < len(line) and line[j] in '$@':
        prefix += line[j]
        j += 1
    if j >= len(line) or line[j] != '"' or line.startswith('"""', j):
        return None
    verbatim, interp = '@' in prefix, '$' in prefix
    k, depth = j + 1, 0
    while k < len(line):
        c = line[k]
        if interp and c == '{':
            if line.startswith('{{', k) and depth == 0:
                k += 2
                continue
            depth += 1
        elif interp and c == '}' and depth > 0:
            depth -= 1
        elif depth > 0 and c == '"':  # a string inside a hole: skip it
            inner = literal_at(line, k)
            if inner is None:
                return None
            k = inner[0]
            continue
        elif c == '\\' and not verbatim and depth == 0:
            k += 2
            continue
        elif c == '"' and depth == 0:
            if verbatim and line.startswith('""', k):
                k += 2
                continue
            return k + 1, prefix, (verbatim, interp)
        k += 1
    return None


def split_points(line, start, end, prefix, kind):
    """Indices (after a space) where the literal can be cut: outside holes, not inside an escape."""
    verbatim, interp = kind
    body = start + len(prefix) + 1
    k, depth, points = body, 0, []
    while k < end - 1:
        c = line[k]
        if interp and c == '{':
            if line.startswith('{{', k) and depth == 0:
                k += 2
                continue
            depth += 1
        elif interp and c == '}' and depth > 0:
            depth -= 1
        elif depth == 0 and c == '\\' and not verbatim:
            k += 2
            continue
        elif depth == 0 and c == ' ' and k + 1 < end - 1:
            points.append(k + 1)
        elif depth > 0 and c == '"':
            inner = literal_at(line, k)
            k = inner[0] if inner else k + 1
            continue
        k += 1
    return points


def split_string(line):
    """Cuts the first literal that crosses the width at its last space that keeps the head under it."""
    k, in_char = 0, False
    while k < len(line):
        if line.startswith('//', k):
            return None
        if line[k] == "'" :
            close = line.find("'", k + 2 if line[k + 1:k + 2] == '\\' else k + 1)
            k = close + 1 if close > 0 else k + 1
            continue
        if line[k] in '$@"' and (k == 0 or not (line[k - 1].isalnum() or line[k - 1] == '_')):
            lit = literal_at(line, k)
            if lit is not None:
                end, prefix, kind = lit
                if end + 3 > WIDTH:
                    points = [p for p in split_points(line, k, end, prefix, kind) if p + 3 <= WIDTH]
                    if not points:
                        return None
                    p = points[-1]
                    head_prefix = prefix if ('{' in line[k:p] or '$' not in prefix) else prefix.replace('$', '')
                    tail_prefix = prefix if ('{' in line[p:end] or '$' not in prefix) else prefix.replace('$', '')
                    body_start = k + len(prefix)
                    return line[:k] + head_prefix + line[body_start:p] + '" + ' + tail_prefix + '"' + line[p:]
                k = end
                continue
        k += 1
    return None


def raw_after(line, in_raw):
    """Whether the next line is inside a multi-line raw string literal (opened by a line ending in three quotes,
    closed by a line starting with them)."""
    stripped = line.strip()
    if in_raw:
        return not stripped.startswith('"""')
    return stripped.endswith('"""') and not stripped.endswith('""""') and stripped.count('"""') == 1


def comment_start(line):
    """Where a `//` comment starts on a line of code (outside strings and characters), or -1."""
    k = 0
    while k < len(line):
        if line.startswith('//', k):
            return k
        if line[k] == "'":
            close = line.find("'", k + 2 if line[k + 1:k + 2] == '\\' else k + 1)
            k = close + 1 if close > 0 else k + 1
            continue
        if line[k] in '$@"':
            lit = literal_at(line, k)
            if lit is not None:
                k = lit[0]
                continue
        k += 1
    return -1


def lift_trailing_comments(lines):
    """A long line of code ending in a comment: the comment goes on its own line above, at the code's indent."""
    out, in_raw = [], False
    for line in lines:
        if not in_raw and len(line) > WIDTH and '"""' not in line and not line.lstrip().startswith('//'):
            at = comment_start(line)
            if at > 0 and line[:at].strip():
                indent = line[:len(line) - len(line.lstrip())]
                out.append(indent + line[at:].strip())
                line = line[:at].rstrip()
        in_raw = raw_after(line, in_raw)
        out.append(line)
    return out


def process(text):
    lines = text.split('\n')
    lines = lift_trailing_comments(lines)
    lines = reflow_comments(lines)
    out, in_raw = [], False
    for line in lines:
        if not in_raw and len(line) > WIDTH and '"""' not in line:
            new = split_string(line)
            if new is not None:
                line = new
        in_raw = raw_after(line, in_raw)
        out.append(line)
    return '\n'.join(out)


if __name__ == '__main__':
    for path in sys.argv[1:]:
        with open(path, encoding='utf-8') as f:
            old = f.read()
        new = process(old)
        if new != old:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(new)
