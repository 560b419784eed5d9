#!/usr/bin/env python3
"""The smallest fix that lets oas3-gen 0.29 read the published OpenRouter spec (a bench aid).

usage: peer-fix.py IN OUT

The 2026-08-22 spec (OpenAPI 3.1) writes one bound the 3.0 way, `minimum: 0` with
`exclusiveMinimum: true` (VideoGenerationRequest.upscale_factor); in 3.1
`exclusiveMinimum` is a number, and oas3-gen refuses the whole document ("data did not
match any variant of untagged enum Schema"). This rewrites each such pair to the 3.1
form, `exclusiveMinimum: 0` (and the same for maximum), and prints how many it rewrote.
"""
import sys
import yaml

def walk(x, counter):
    if isinstance(x, dict):
        for key, bound in (('exclusiveMinimum', 'minimum'), ('exclusiveMaximum', 'maximum')):
            if x.get(key) is True and bound in x:
                x[key] = x.pop(bound)
                counter[0] += 1
        for v in x.values():
            walk(v, counter)
    elif isinstance(x, list):
        for v in x:
            walk(v, counter)

def main():
    src, dst = sys.argv[1], sys.argv[2]
    doc = yaml.safe_load(open(src))
    counter = [0]
    walk(doc, counter)
    yaml.safe_dump(doc, open(dst, 'w'), sort_keys=False, allow_unicode=True, width=1000)
    print('  %5d  boolean exclusiveMinimum/exclusiveMaximum -> 3.1 numeric form' % counter[0])

if __name__ == '__main__':
    main()
