import { describe, expect, it } from 'vitest';
import { median, medianOfTwo, mediansOf } from './rts-figures.js';

const h = (pairs: Array<[number, number]>) => new Map(pairs);

describe('medians from a histogram of processing days', () => {
  it('the middle value of an odd count, the mean of the two middle ones of an even count', () => {
    expect(
      median(
        h([
          [1, 1],
          [2, 1],
          [4, 1],
          [6, 1],
          [10, 1],
        ]),
      ),
    ).toBe(4);
    expect(
      median(
        h([
          [1, 2],
          [2, 1],
          [4, 1],
          [6, 1],
          [10, 1],
        ]),
      ),
    ).toBe(3);
    expect(median(h([[5, 4]]))).toBe(5);
    expect(
      median(
        h([
          [0, 1],
          [100, 1],
        ]),
      ),
    ).toBe(50);
    expect(median(h([]))).toBeNull();
    expect(median(h([[3, 0]]))).toBeNull();
  });

  it('a kept histogram plus the current month: the same as the median of their sum', () => {
    const cases: Array<[Array<[number, number]>, Array<[number, number]>]> = [
      [
        [
          [1, 1],
          [2, 1],
          [10, 1],
        ],
        [
          [4, 1],
          [6, 1],
        ],
      ],
      [
        [[1, 2]],
        [
          [2, 1],
          [4, 1],
          [6, 1],
          [10, 1],
        ],
      ],
      [
        [],
        [
          [3, 2],
          [9, 1],
        ],
      ],
      [
        [
          [5, 3],
          [7, 2],
        ],
        [
          [5, 1],
          [100, 4],
        ],
      ],
    ];
    for (const [a, b] of cases) {
      const sum = new Map(a);
      for (const [d, n] of b) sum.set(d, (sum.get(d) ?? 0) + n);
      expect(medianOfTwo(h(a), h(b))).toBe(median(sum));
    }
    expect(medianOfTwo(h([]), h([]))).toBeNull();
  });

  it('a value that holds both middle positions is the median', () => {
    expect(
      median(
        h([
          [1, 1],
          [7, 10],
          [30, 1],
        ]),
      ),
    ).toBe(7);
  });

  it('per service, office and post, and in all (the services add up to the whole)', () => {
    const m = mediansOf([
      { g: 's', service_id: 'A', office_id: null, post_id: null, days: 2, n: 1 },
      { g: 's', service_id: 'A', office_id: null, post_id: null, days: 10, n: 1 },
      { g: 's', service_id: 'B', office_id: null, post_id: null, days: 4, n: 1 },
      { g: 'o', service_id: null, office_id: 'O', post_id: null, days: 4, n: 3 },
      { g: 'p', service_id: null, office_id: 'O', post_id: 'P', days: 1, n: 2 },
    ]);
    expect(m.s.get('A')).toBe(6);
    expect(m.s.get('B')).toBe(4);
    expect(m.o.get('O')).toBe(4);
    expect(m.p.get('O|P')).toBe(1);
    expect(m.t).toBe(4);
  });
});
