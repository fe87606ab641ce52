/**
 * Random everyday sentences for negative speech: statements, questions, requests, numbers and times built
 * from templates over word lists, so an hour of speech (~1,500 sentences) hardly repeats. A stream never
 * contains the wake phrase's words in sequence, not even across two consecutive sentences, because a model
 * trained on such "negatives" would learn to ignore its own phrase.
 */
import { createRng, type Rng } from '../../audio/rng';

/** [singular, plural] */
const NOUNS: readonly (readonly [string, string])[] = [
  ['table', 'tables'], ['window', 'windows'], ['door', 'doors'], ['car', 'cars'], ['bus', 'buses'], ['train', 'trains'],
  ['book', 'books'], ['letter', 'letters'], ['phone', 'phones'], ['computer', 'computers'], ['garden', 'gardens'],
  ['kitchen', 'kitchens'], ['street', 'streets'], ['city', 'cities'], ['village', 'villages'], ['river', 'rivers'],
  ['mountain', 'mountains'], ['dog', 'dogs'], ['cat', 'cats'], ['bird', 'birds'], ['horse', 'horses'], ['child', 'children'],
  ['teacher', 'teachers'], ['doctor', 'doctors'], ['neighbour', 'neighbours'], ['friend', 'friends'], ['brother', 'brothers'],
  ['sister', 'sisters'], ['meeting', 'meetings'], ['question', 'questions'], ['answer', 'answers'], ['idea', 'ideas'],
  ['story', 'stories'], ['song', 'songs'], ['picture', 'pictures'], ['bottle', 'bottles'], ['glass', 'glasses'],
  ['plate', 'plates'], ['chair', 'chairs'], ['lamp', 'lamps'], ['key', 'keys'], ['bag', 'bags'], ['box', 'boxes'],
  ['shirt', 'shirts'], ['shoe', 'shoes'], ['coat', 'coats'], ['hat', 'hats'], ['apple', 'apples'], ['orange', 'oranges'],
  ['sandwich', 'sandwiches'], ['cake', 'cakes'], ['cup', 'cups'], ['ticket', 'tickets'], ['report', 'reports'],
  ['email', 'emails'], ['problem', 'problems'], ['reason', 'reasons'], ['plan', 'plans'], ['game', 'games'],
  ['team', 'teams'], ['office', 'offices'], ['shop', 'shops'], ['market', 'markets'], ['bridge', 'bridges'],
  ['road', 'roads'], ['flower', 'flowers'], ['tree', 'trees'], ['cloud', 'clouds'], ['student', 'students'],
  ['farmer', 'farmers'], ['driver', 'drivers'], ['pilot', 'pilots'], ['baker', 'bakers'], ['engine', 'engines'],
  ['machine', 'machines'], ['camera', 'cameras'], ['pencil', 'pencils'], ['newspaper', 'newspapers'], ['recipe', 'recipes'],
  ['holiday', 'holidays'], ['party', 'parties'], ['film', 'films'], ['museum', 'museums'], ['hospital', 'hospitals'],
  ['school', 'schools'], ['library', 'libraries'], ['island', 'islands'], ['beach', 'beaches'], ['forest', 'forests'],
  ['bicycle', 'bicycles'], ['umbrella', 'umbrellas'], ['blanket', 'blankets'], ['pillow', 'pillows'], ['mirror', 'mirrors'],
  ['wallet', 'wallets'], ['battery', 'batteries'], ['parcel', 'parcels'], ['invoice', 'invoices'], ['sofa', 'sofas'],
];

/** [base, past, -ing, third person] */
const VERBS: readonly (readonly [string, string, string, string])[] = [
  ['open', 'opened', 'opening', 'opens'], ['close', 'closed', 'closing', 'closes'], ['carry', 'carried', 'carrying', 'carries'],
  ['clean', 'cleaned', 'cleaning', 'cleans'], ['paint', 'painted', 'painting', 'paints'], ['fix', 'fixed', 'fixing', 'fixes'],
  ['move', 'moved', 'moving', 'moves'], ['wash', 'washed', 'washing', 'washes'], ['watch', 'watched', 'watching', 'watches'],
  ['visit', 'visited', 'visiting', 'visits'], ['order', 'ordered', 'ordering', 'orders'], ['check', 'checked', 'checking', 'checks'],
  ['find', 'found', 'finding', 'finds'], ['buy', 'bought', 'buying', 'buys'], ['sell', 'sold', 'selling', 'sells'],
  ['bring', 'brought', 'bringing', 'brings'], ['take', 'took', 'taking', 'takes'], ['make', 'made', 'making', 'makes'],
  ['see', 'saw', 'seeing', 'sees'], ['read', 'read', 'reading', 'reads'], ['write', 'wrote', 'writing', 'writes'],
  ['draw', 'drew', 'drawing', 'draws'], ['build', 'built', 'building', 'builds'], ['keep', 'kept', 'keeping', 'keeps'],
  ['lose', 'lost', 'losing', 'loses'], ['send', 'sent', 'sending', 'sends'], ['need', 'needed', 'needing', 'needs'],
  ['like', 'liked', 'liking', 'likes'], ['borrow', 'borrowed', 'borrowing', 'borrows'], ['return', 'returned', 'returning', 'returns'],
  ['pack', 'packed', 'packing', 'packs'], ['print', 'printed', 'printing', 'prints'], ['share', 'shared', 'sharing', 'shares'],
  ['follow', 'followed', 'following', 'follows'], ['measure', 'measured', 'measuring', 'measures'], ['count', 'counted', 'counting', 'counts'],
  ['cook', 'cooked', 'cooking', 'cooks'], ['deliver', 'delivered', 'delivering', 'delivers'], ['photograph', 'photographed', 'photographing', 'photographs'],
  ['repair', 'repaired', 'repairing', 'repairs'], ['describe', 'described', 'describing', 'describes'], ['choose', 'chose', 'choosing', 'chooses'],
  ['hide', 'hid', 'hiding', 'hides'], ['forget', 'forgot', 'forgetting', 'forgets'], ['explain', 'explained', 'explaining', 'explains'],
];

/** Verbs without an object: [base, past, -ing, third person] */
const INTRANSITIVE: readonly (readonly [string, string, string, string])[] = [
  ['arrive', 'arrived', 'arriving', 'arrives'], ['leave', 'left', 'leaving', 'leaves'], ['sleep', 'slept', 'sleeping', 'sleeps'],
  ['laugh', 'laughed', 'laughing', 'laughs'], ['work', 'worked', 'working', 'works'], ['travel', 'travelled', 'travelling', 'travels'],
  ['wait', 'waited', 'waiting', 'waits'], ['sing', 'sang', 'singing', 'sings'], ['swim', 'swam', 'swimming', 'swims'],
  ['run', 'ran', 'running', 'runs'], ['rest', 'rested', 'resting', 'rests'], ['talk', 'talked', 'talking', 'talks'],
  ['listen', 'listened', 'listening', 'listens'], ['win', 'won', 'winning', 'wins'], ['call back', 'called back', 'calling back', 'calls back'],
];

const ADJECTIVES: readonly string[] = [
  'big', 'small', 'old', 'new', 'red', 'blue', 'green', 'yellow', 'heavy', 'light', 'warm', 'cold', 'quiet', 'loud', 'bright',
  'dark', 'clean', 'dirty', 'empty', 'full', 'cheap', 'expensive', 'early', 'late', 'busy', 'simple', 'strange', 'famous',
  'broken', 'tiny', 'huge', 'wooden', 'plastic', 'wet', 'dry', 'soft', 'hard', 'sweet', 'bitter', 'fresh', 'tired', 'happy',
  'careful', 'lucky', 'useful', 'narrow', 'wide', 'round', 'square', 'favourite', 'second', 'last', 'other', 'different',
];

const NAMES: readonly string[] = [
  'Anna', 'Peter', 'Maria', 'James', 'Sarah', 'David', 'Laura', 'Michael', 'Emma', 'Thomas', 'Julia', 'Daniel', 'Sofia',
  'Robert', 'Lucy', 'Martin', 'Grace', 'Oliver', 'Helen', 'Samuel', 'Chloe', 'Victor', 'Irene', 'George', 'Alice', 'Frank',
];

const PLACES: readonly string[] = [
  'the station', 'the office', 'the park', 'the supermarket', 'the airport', 'the library', 'the garage', 'the cinema',
  'the bakery', 'the post office', 'the beach', 'the hotel', 'the bank', 'the museum', 'the harbour', 'the stadium',
  'the garden', 'the kitchen', 'the hospital', 'the school', 'the corner shop', 'the city centre', 'the car park',
];

const TIMES: readonly string[] = [
  'today', 'tomorrow', 'yesterday', 'this morning', 'this evening', 'tonight', 'last week', 'next week', 'on Monday',
  'on Tuesday', 'on Wednesday', 'on Thursday', 'on Friday', 'on Saturday', 'on Sunday', 'in the afternoon', 'after lunch',
  'before dinner', 'at the weekend', 'in January', 'in March', 'in July', 'in October', 'in December', 'every day', 'soon',
];

const NUMBERS: readonly string[] = [
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'fifteen', 'twenty',
  'twenty five', 'thirty', 'forty', 'fifty', 'sixty', 'a hundred', 'two hundred', 'a thousand',
];

const SUBJECTS: readonly (readonly [string, 'plural' | 'single'])[] = [
  ['I', 'plural'], ['we', 'plural'], ['you', 'plural'], ['they', 'plural'], ['he', 'single'], ['she', 'single'],
  ['my mother', 'single'], ['my father', 'single'], ['our neighbour', 'single'], ['the children', 'plural'], ['everyone', 'single'],
];

const ADVERBS: readonly string[] = ['quickly', 'slowly', 'carefully', 'again', 'together', 'quietly', 'first', 'later', 'at last', 'almost'];
const FEELINGS: readonly string[] = ['I think', 'I guess', 'maybe', 'honestly', 'to be fair', 'apparently', 'of course', 'luckily', 'actually', 'well'];

type Chooser = <T>(items: readonly T[]) => T;

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** One sentence from a random template; each template is a small grammar over the lists above. */
function compose(pick: Chooser, rng: Rng): string {
  const noun = (): string => pick(NOUNS)[0];
  const nouns = (): string => pick(NOUNS)[1];
  const adjective = (): string => pick(ADJECTIVES);
  const thing = (): string => {
    const roll = rng.next();
    if (roll < 0.4) return `the ${adjective()} ${noun()}`;
    if (roll < 0.7) return `the ${noun()}`;
    const described = `${adjective()} ${noun()}`;
    return `${article(described)} ${described}`;
  };
  const subject = (): readonly [string, 'plural' | 'single'] => (rng.chance(0.25) ? [pick(NAMES), 'single'] : pick(SUBJECTS));
  const verb = pick(VERBS);
  const still = pick(INTRANSITIVE);
  const [who, number] = subject();
  const present = (v: readonly [string, string, string, string]): string => (number === 'single' ? v[3] : v[0]);
  const be = number === 'single' ? 'is' : who === 'I' ? 'am' : 'are';
  const templates: readonly (() => string)[] = [
    () => `${who} ${verb[1]} ${thing()} ${pick(TIMES)}.`,
    () => `${who} ${present(verb)} ${thing()} ${pick(TIMES)}.`,
    () => `${who} ${be} ${verb[2]} ${thing()} at ${pick(PLACES)}.`,
    () => `${cap(who)} will ${verb[0]} ${thing()} ${pick(ADVERBS)}.`,
    () => `Did ${who} ${verb[0]} ${thing()}?`,
    () => `Where did ${who} ${verb[0]} the ${nouns()}?`,
    () => `Why ${be} ${who} ${still[2]} ${pick(TIMES)}?`,
    () => `When does the ${noun()} ${still[0]}?`,
    () => `How many ${nouns()} did ${who} ${verb[0]}?`,
    () => `Could you ${verb[0]} ${thing()} for me, please?`,
    () => `Please ${verb[0]} the ${adjective()} ${nouns()} before ${pick(TIMES).replace(/^(on|in|at) /, '')}.`,
    () => `There are ${pick(NUMBERS)} ${adjective()} ${nouns()} near ${pick(PLACES)}.`,
    () => `${pick(FEELINGS)}, the ${noun()} was ${adjective()}.`,
    () => `The ${nouns()} at ${pick(PLACES)} are ${adjective()} ${pick(TIMES)}.`,
    () => `It costs ${pick(NUMBERS)} pounds and ${pick(NUMBERS)} pence.`,
    () => `The meeting starts at ${pick(NUMBERS.slice(0, 12))} ${pick(['o clock', 'thirty', 'fifteen', 'forty five'])}.`,
    () => `${who} ${still[1]} ${pick(ADVERBS)} because the ${noun()} was ${adjective()}.`,
    () => `${pick(NAMES)} told ${pick(NAMES)} that ${who} ${verb[1]} ${thing()}.`,
    () => `What is the best way to ${verb[0]} ${thing()}?`,
    () => `If it rains ${pick(TIMES)}, ${who} will ${still[0]} at home.`,
    () => `${pick(NUMBERS)}, ${pick(NUMBERS)}, ${pick(NUMBERS)}.`,
    () => `My ${noun()} is ${adjective()}, but your ${noun()} is ${adjective()}.`,
    () => `Have you seen ${thing()} anywhere?`,
    () => `${cap(pick(['yes', 'no', 'okay', 'sure', 'right', 'oh']))}, ${who} ${be} ${still[2]} now.`,
    () => `We need ${pick(NUMBERS)} ${nouns()}, ${pick(NUMBERS)} ${nouns()} and ${article(noun())} ${noun()}.`,
    () => `The ${noun()} ${pick(['next to', 'behind', 'under', 'on top of', 'inside'])} the ${noun()} ${pick(['looks', 'seems', 'feels'])} ${adjective()}.`,
  ];
  return cap(pick(templates)()).replace(/\s+/g, ' ');
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Lower-case words without punctuation, for the "phrase in sequence" check. */
export function sentenceWords(text: string): string[] {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter((word) => word !== '');
}

/** Whether `words` contains `phrase` (its words, in order, adjacent). */
export function containsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((word, j) => words[i + j] === word)) return true;
  }
  return false;
}

export interface SentenceStream {
  /** The next sentence; never completes the wake phrase with the end of the previous one. */
  next(): string;
}

/** A seeded stream of sentences that never contains `wakePhrase`'s words in sequence. */
export function createSentenceStream(seed: number, wakePhrase: string): SentenceStream {
  const rng = createRng(seed);
  const phrase = sentenceWords(wakePhrase);
  const pick: Chooser = (items) => items[Math.floor(rng.next() * items.length)] as (typeof items)[number];
  let tail: string[] = [];
  return {
    next() {
      for (let attempt = 0; attempt < 200; attempt++) {
        const text = compose(pick, rng);
        const words = sentenceWords(text);
        // The phrase must not span the boundary either: the previous sentence's end + this one.
        if (containsPhrase([...tail, ...words], phrase)) continue;
        tail = words.slice(-Math.max(0, phrase.length - 1));
        return text;
      }
      // Only a phrase made of this generator's commonest words gets here: fall back to a number it cannot contain.
      const text = ['Seventeen.', 'Eighty.', 'Ninety.', 'Thirteen.', 'Mm.'].find((candidate) => !containsPhrase([...tail, ...sentenceWords(candidate)], phrase)) ?? 'Mm.';
      tail = sentenceWords(text).slice(-Math.max(0, phrase.length - 1));
      return text;
    },
  };
}
