/** What "Create demo workspace" puts in a new workspace: enough of each category to train a first model. */

export const DEMO_WAKE_PHRASE = 'hey nova';
export const DEMO_SEED = 2024;

/** Confusable phrases: close to "hey nova" in sound, yet not it. */
export const DEMO_HARD_NEGATIVES: readonly string[] = ['hey nora', 'hey now', 'a nova', 'hey over', 'hey noah', 'hey nola'];

/** Everyday speech that is clearly not the wake phrase. */
export const DEMO_NEGATIVE_PHRASES: readonly string[] = [
  'good morning',
  'what time is it',
  'turn on the lights',
  'play some music',
  'open the door',
  'how is the weather today',
  'set a timer for ten minutes',
  'call my mother',
  'thank you very much',
  'see you later',
  'where are my keys',
  'the quick brown fox jumps over the lazy dog',
  'one two three four five',
  'six seven eight nine ten',
  'november',
  'innovation',
  'have a nice day',
  'I will be home soon',
  'please close the window',
  'make me a cup of coffee',
  'yes',
  'no',
  'maybe tomorrow',
  'hello there',
  'excuse me',
  'what is for dinner',
  'read me the news',
  'stop',
  'cancel that',
  'volume up',
];

export interface DemoCounts {
  readonly positives: number;
  /** Per phrase in DEMO_HARD_NEGATIVES. */
  readonly hardNegativesPerPhrase: number;
  /** Per phrase in DEMO_NEGATIVE_PHRASES. */
  readonly spokenNegativesPerPhrase: number;
  readonly noiseNegatives: number;
  readonly backgroundFiles: number;
  readonly backgroundSeconds: number;
  /** Generated everyday sentences (long files in negative/speech/generated), in minutes. */
  readonly negativeSpeechMinutes: number;
  readonly negativeSpeechFileSeconds: number;
}

/**
 * 60 positives, 30 hard negatives, 150 short negatives (60 spoken, 90 noise/hum: generated clips cost no engine
 * run) plus 10 minutes of negative speech in 15 files (so each split gets some), 4 background files.
 */
export const DEMO_COUNTS: DemoCounts = {
  positives: 60,
  hardNegativesPerPhrase: 5,
  spokenNegativesPerPhrase: 2,
  // Enough that negatives (with hard negatives) are 3:1 to positives, the health report's target.
  noiseNegatives: 90,
  backgroundFiles: 4,
  backgroundSeconds: 20,
  negativeSpeechMinutes: 10,
  negativeSpeechFileSeconds: 40,
};
