#!/usr/bin/env python3
"""A `///` Markdown case table with a row wider than the house width (120) becomes a list of its cases, one item per
row, wrapped: `- CASE: condition → outcome` (with the headers of several condition columns). Tables that fit are left as they are. Usage: FILE..."""
import re
import sys

WIDTH = 120
ROW = re.compile(r'^(\s*)/// \|(.*)\|\s*$')


def cells(line):
    return [c.strip() for c in ROW.match(line).group(2).split('|')]


def wrap(indent, text):
    first, rest = indent + '/// - ', indent + '///   '
    out, cur, prefix = [], '', first
    for word in text.split(' '):
        if cur and len(prefix) + len(cur) + 1 + len(word) > WIDTH:
            out.append(prefix + cur)
            cur, prefix = word, rest
        else:
            cur = word if not cur else cur + ' ' + word
    out.append(prefix + cur)
    return out


def convert(lines):
    out, i = [], 0
    while i < len(lines):
        if not ROW.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and (ROW.match(lines[j]) or (lines[j].strip().startswith('///') and j > i
                                                              and not lines[j].strip() == '///'
                                                              and not ROW.match(lines[j]) and False)):
            j += 1
        table = lines[i:j]
        if all(len(l) <= WIDTH for l in table) or len(table) < 3:
            out.extend(table)
            i = j
            continue
        indent = ROW.match(table[0]).group(1)
        for row in table[2:]:
            c = cells(row)
            head = cells(table[0])
            # Middle columns keep their header when there are several ("branch absent, PR open → ...").
            middle = c[1:-1] if len(c) == 3 else [f'{h} {x}' for h, x in zip(head[1:-1], c[1:-1]) if x]
            text = c[0] + ': ' + ', '.join(x for x in middle if x) + ' → ' + c[-1]
            out.extend(wrap(indent, text))
        i = j
    return out


for path in sys.argv[1:]:
    with open(path, encoding='utf-8') as f:
        old = f.read()
    new = '\n'.join(convert(old.split('\n')))
    if new != old:
        with open(path, 'w', encoding='utf-8') as f:
            f.write(new)
