import { describe, expect, it } from 'vitest';
import { containsPhrase, createSentenceStream, sentenceWords } from './sentences';

const take = (seed: number, phrase: string, n: number): string[] => {
  const stream = createSentenceStream(seed, phrase);
  return Array.from({ length: n }, () => stream.next());
};

describe('createSentenceStream', () => {
  it('is reproducible for a seed and different for another', () => {
    expect(take(7, 'hey nova', 50)).toEqual(take(7, 'hey nova', 50));
    expect(take(8, 'hey nova', 50)).not.toEqual(take(7, 'hey nova', 50));
  });

  it('varies enough that an hour of sentences hardly repeats', () => {
    const hour = take(3, 'hey nova', 1500);
    expect(new Set(hour).size).toBeGreaterThan(1400);
    expect(new Set(hour.flatMap(sentenceWords)).size).toBeGreaterThan(400);
    expect(hour.some((s) => s.endsWith('?'))).toBe(true);
    expect(hour.some((s) => /\b(twenty|thirty|fifty)\b/.test(s))).toBe(true);
  });

  it.each([
    ['hey nova'],
    // Phrases built from the generator's own words: the filter, not luck, keeps them out.
    ['the station'],
    ['could you'],
    ['please'],
    ['I think'],
    ['one two'],
  ])('never says "%s", within a sentence or across two, over many seeds', (phrase) => {
    const words = sentenceWords(phrase);
    for (let seed = 0; seed < 40; seed++) {
      const sentences = take(seed, phrase, 150);
      expect(containsPhrase(sentences.flatMap(sentenceWords), words)).toBe(false);
    }
  });

  it('finds a phrase regardless of case and punctuation', () => {
    expect(containsPhrase(sentenceWords('Oh, Hey! Nova is here.'), sentenceWords('hey nova'))).toBe(true);
    expect(containsPhrase(sentenceWords('hey there nova'), sentenceWords('hey nova'))).toBe(false);
  });
});
