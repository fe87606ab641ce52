/**
 * Text for the held-out streams of bench/quality.bench.ts, deliberately unlike the product's word lists:
 * sentences from public-domain books and speeches (all published before 1930), and a small generator of
 * household talk with its own vocabulary. Some sentences hold words that sound near the wake phrase
 * ("novel", "November", "supernova", "hey Nora"), as real conversation does.
 */
import type { Rng } from '../src/shared/core/audio/rng';

export const PUBLIC_DOMAIN_PROSE: readonly string[] = [
  // Lewis Carroll, Alice's Adventures in Wonderland (1865).
  'Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do.',
  'Once or twice she had peeped into the book her sister was reading, but it had no pictures or conversations in it.',
  'And what is the use of a book, thought Alice, without pictures or conversations?',
  'So she was considering in her own mind whether the pleasure of making a daisy chain would be worth the trouble of getting up and picking the daisies.',
  'Suddenly a White Rabbit with pink eyes ran close by her.',
  'There was nothing so very remarkable in that, nor did Alice think it so very much out of the way to hear the Rabbit say to itself, oh dear, I shall be late.',
  'Down, down, down. Would the fall never come to an end?',
  'I wonder how many miles I have fallen by this time, she said aloud.',
  'Curiouser and curiouser, cried Alice, for she was so much surprised that for the moment she quite forgot how to speak good English.',
  'The Cat only grinned when it saw Alice. It looked good natured, she thought.',
  'Would you tell me, please, which way I ought to go from here?',
  'That depends a good deal on where you want to get to, said the Cat.',
  // Jane Austen, Pride and Prejudice (1813).
  'It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.',
  'However little known the feelings or views of such a man may be on his first entering a neighbourhood, this truth is so well fixed in the minds of the surrounding families.',
  'My dear Mr. Bennet, said his lady to him one day, have you heard that Netherfield Park is let at last?',
  'Mr. Bennet replied that he had not.',
  'You want to tell me, and I have no objection to hearing it.',
  'She is tolerable, but not handsome enough to tempt me.',
  'I could easily forgive his pride, if he had not mortified mine.',
  'There is a stubbornness about me that never can bear to be frightened at the will of others.',
  // Charles Dickens, A Tale of Two Cities (1859) and A Christmas Carol (1843).
  'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.',
  'It was the spring of hope, it was the winter of despair, we had everything before us, we had nothing before us.',
  'It is a far, far better thing that I do, than I have ever done.',
  'Marley was dead, to begin with. There is no doubt whatever about that.',
  'Scrooge was better than his word. He did it all, and infinitely more.',
  'Oh! But he was a tight fisted hand at the grindstone, Scrooge!',
  'External heat and cold had little influence on Scrooge. No warmth could warm, no wintry weather chill him.',
  // Herman Melville, Moby-Dick (1851).
  'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, I thought I would sail about a little and see the watery part of the world.',
  'Whenever I find myself growing grim about the mouth, then I account it high time to get to sea as soon as I can.',
  'There now is your insular city of the Manhattoes, belted round by wharves as Indian isles by coral reefs.',
  'Circumambulate the city of a dreamy Sabbath afternoon.',
  // Arthur Conan Doyle, The Adventures of Sherlock Holmes (1892).
  'To Sherlock Holmes she is always the woman. I have seldom heard him mention her under any other name.',
  'You see, but you do not observe. The distinction is clear.',
  'It is a capital mistake to theorize before one has data.',
  'My name is Sherlock Holmes. It is my business to know what other people do not know.',
  'The little things are infinitely the most important.',
  'I had called upon my friend, Mr. Sherlock Holmes, one day in the autumn of last year and found him in deep conversation with a very stout, florid faced, elderly gentleman with fiery red hair.',
  // Abraham Lincoln, the Gettysburg Address (1863).
  'Four score and seven years ago our fathers brought forth on this continent, a new nation, conceived in Liberty, and dedicated to the proposition that all men are created equal.',
  'Now we are engaged in a great civil war, testing whether that nation, or any nation so conceived and so dedicated, can long endure.',
  'The world will little note, nor long remember what we say here, but it can never forget what they did here.',
  // Kenneth Grahame, The Wind in the Willows (1908).
  'The Mole had been working very hard all the morning, spring cleaning his little home.',
  'Believe me, my young friend, there is nothing, absolutely nothing, half so much worth doing as simply messing about in boats.',
  'The river glinted and gleamed and sparkled, rustled and swirled, chattered and bubbled.',
  'Never in his life had he seen a river before, this sleek, sinuous, full bodied animal, chasing and chuckling.',
  // Robert Louis Stevenson, Treasure Island (1883).
  'Squire Trelawney, Doctor Livesey, and the rest of these gentlemen having asked me to write down the whole particulars about Treasure Island.',
  'I remember him as if it were yesterday, as he came plodding to the inn door, his sea chest following behind him in a hand barrow.',
  'Fifteen men on the dead man\'s chest, yo ho ho, and a bottle of rum!',
  // Mary Shelley, Frankenstein (1818).
  'You will rejoice to hear that no disaster has accompanied the commencement of an enterprise which you have regarded with such evil forebodings.',
  'I am already far north of London, and as I walk in the streets of Petersburgh, I feel a cold northern breeze play upon my cheeks.',
  'Beware, for I am fearless, and therefore powerful.',
  'It was on a dreary night of November that I beheld the accomplishment of my toils.',
  // Henry David Thoreau, Walden (1854).
  'I went to the woods because I wished to live deliberately, to front only the essential facts of life.',
  'The mass of men lead lives of quiet desperation.',
  'Our life is frittered away by detail. Simplify, simplify.',
  'Heaven is under our feet as well as over our heads.',
  // Mark Twain, The Adventures of Tom Sawyer (1876) and Adventures of Huckleberry Finn (1884).
  'Tom! No answer. Tom! No answer. What is gone with that boy, I wonder?',
  'Tom said to himself that it was not such a hollow world, after all.',
  'You don\'t know about me without you have read a book by the name of The Adventures of Tom Sawyer; but that ain\'t no matter.',
  'All right, then, I\'ll go to hell, and he tore it up.',
  // L. Frank Baum, The Wonderful Wizard of Oz (1900).
  'Dorothy lived in the midst of the great Kansas prairies, with Uncle Henry, who was a farmer, and Aunt Em, who was the farmer\'s wife.',
  'When Dorothy stood in the doorway and looked around, she could see nothing but the great gray prairie on every side.',
  'Toto, I have a feeling we are not in Kansas any more.',
  // Jules Verne, Around the World in Eighty Days (1873, English translation).
  'Mr. Phileas Fogg lived, in 1872, at No. 7, Saville Row, Burlington Gardens.',
  'He was never seen on Change, nor at the Bank, nor in the counting rooms of the City.',
  'The world has grown smaller, since a man can now go round it ten times more quickly than a hundred years ago.',
  // Jerome K. Jerome, Three Men in a Boat (1889).
  'There were four of us, George, and William Samuel Harris, and myself, and Montmorency.',
  'I like work: it fascinates me. I can sit and look at it for hours.',
  'It is always the way with the weather in this country.',
];

/** Household talk from a small grammar: subjects, actions, things, places and times, none from the product's lists. */
const OPENERS: readonly string[] = ['honestly', 'by the way', 'listen', 'you know what', 'well', 'so', 'anyway', 'hey', 'okay so', 'look'];
const PEOPLE: readonly string[] = ['my cousin', 'the neighbours', 'our landlord', 'the plumber', 'your brother', 'my aunt Margaret', 'the kids next door', 'Nora', 'the new intern', 'grandpa'];
const ACTIONS: readonly string[] = [
  'borrowed', 'finally returned', 'forgot about', 'painted', 'complained about', 'fixed', 'ordered another', 'lost', 'found', 'recommended',
];
const THINGS: readonly string[] = [
  'the ladder', 'a novel about pirates', 'the lawn mower', 'that blue umbrella', 'the bicycle pump', 'a bag of flour', 'the garden hose', 'some bossa nova records',
  'the spare tyre', 'a documentary about a supernova', 'the toaster', 'two tickets to the opera', 'the vacuum cleaner', 'a box of nails',
];
const WHEN: readonly string[] = [
  'last Tuesday', 'in early November', 'before the storm', 'after lunch', 'yesterday evening', 'over the weekend', 'a fortnight ago', 'this morning', 'during the holidays', 'right before the party',
];
const TAILS: readonly string[] = [
  'and nobody noticed', 'which was a bit strange', 'so now we are even', 'and then it started raining', 'can you believe it', 'but never mind', 'and that was that',
  'or so they claim', 'if I remember correctly', 'without telling anyone',
];
const QUESTIONS: readonly string[] = [
  'do you think we should repaint the kitchen', 'have you seen my reading glasses', 'did anyone feed the cat', 'shall we take the bus or walk', 'who left the gate open',
  'is the bakery still open on Sundays', 'what did the doctor say', 'are we out of milk again', 'when does the train leave', 'how was the concert',
];

function pick<T>(items: readonly T[], rng: Rng): T {
  return items[rng.int(0, items.length - 1)] as T;
}

/** One generated sentence of household talk. */
export function householdSentence(rng: Rng): string {
  if (rng.chance(0.35)) return `${rng.chance(0.4) ? `${pick(OPENERS, rng)}, ` : ''}${pick(QUESTIONS, rng)}?`;
  const opener = rng.chance(0.4) ? `${pick(OPENERS, rng)}, ` : '';
  return `${opener}${pick(PEOPLE, rng)} ${pick(ACTIONS, rng)} ${pick(THINGS, rng)} ${pick(WHEN, rng)}, ${pick(TAILS, rng)}.`;
}

/** What people say right after a wake phrase: commands, none of them in the product's phrase lists. */
export const FOLLOW_UPS: readonly string[] = [
  'what is the forecast for Saturday', 'remind me to water the tomatoes at six', 'add eggs and butter to the shopping list', 'how far is it to the airport',
  'dim the bedroom lamp', 'who won the match last night', 'start the dishwasher', 'skip this song', 'how do you spell necessary', 'wake me up at half past seven',
  'call the garage', 'what is twelve times fourteen', 'lock the front door', 'pause the podcast', 'is it going to snow tonight', 'translate good night into Spanish',
];

/** A sentence for the held-out streams: public-domain prose two times in three, else household talk. */
export function heldOutSentence(rng: Rng): string {
  return rng.chance(2 / 3) ? pick(PUBLIC_DOMAIN_PROSE, rng) : householdSentence(rng);
}
