#!/usr/bin/env python3
"""collapsed.py <file.collapsed> [N] [regex]: the share of a node's CPU samples (async-profiler's collapsed
stacks) that the JIT compiler took, then without the compiler's threads the N hottest frames by self samples,
and by inclusive samples those that match the regex (default: Strata's, Proton's and Moquette's code, TLS
encryption, fsync). While the compiler still takes a large share, the run measured warm-up, not the path."""
import collections
import re
import sys

path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
shown = re.compile(sys.argv[3] if len(sys.argv) > 3
                   else r'io/strata/|org/apache/qpid/|io/moquette/|GaloisCounterMode\.engineDoFinal|force0')
own, inclusive = collections.Counter(), collections.Counter()
total = compiler = 0
with open(path) as lines:
    for line in lines:
        stack, _, count = line.rstrip('\n').rpartition(' ')
        samples, frames = int(count), stack.split(';')
        total += samples
        if any('CompileBroker' in frame for frame in frames):
            compiler += samples
            continue
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
path_samples = total - compiler
print(f'{total} samples, JIT compiler {100 * compiler / max(total, 1):.1f} %; of the other {path_samples}:')
for title, counter in (('self', own), ('inclusive', inclusive)):
    print(f'-- {title}')
    frames = counter.most_common() if title == 'inclusive' else counter.most_common(top)
    for frame, samples in [each for each in frames if title == 'self' or shown.search(each[0])][:top]:
        print(f'{100 * samples / max(path_samples, 1):5.1f} % {frame}')
