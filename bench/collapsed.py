#!/usr/bin/env python3
"""collapsed.py <file.collapsed> [N]: the share of a node's CPU samples (async-profiler's collapsed stacks)
that the JIT compiler took, then the N hottest frames by self and by inclusive samples without the
compiler's threads: while the compiler still takes a large share, the run measured warm-up, not the path."""
import collections
import sys

path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20
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
    for frame, samples in counter.most_common(top):
        print(f'{100 * samples / max(path_samples, 1):5.1f} % {frame}')
