import { describe, expect, it } from 'vitest';
import { Tokenizer, type Token } from '../../src/tokenizer/index.ts';

/** The shipped model: rules plus the lexicon learned from EWT train. */
const tok = Tokenizer.load();

/** Tokens of one sentence as `form` or `form{w1 w2}` for multiword tokens, checking offsets on the way. */
function show(text: string): string[] {
  const tokens = tok.tokenizeSentence(text);
  for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.form);
  return tokens.map((t) => (t.words.length > 1 ? `${t.form}{${t.words.join(' ')}}` : t.form));
}

function cases(table: Record<string, string[]>): void {
  for (const [text, expected] of Object.entries(table)) expect(show(text), text).toEqual(expected);
}

describe('tokenizer rules (EWT conventions)', () => {
  it('splits punctuation off words, keeping runs together', () => {
    cases({
      'Hello, world!': ['Hello', ',', 'world', '!'],
      '(yes) [no] {maybe}': ['(', 'yes', ')', '[', 'no', ']', '{', 'maybe', '}'],
      'Really?! Wow!!! Hmm...': ['Really', '?!', 'Wow', '!!!', 'Hmm', '...'],
      'wait -- what': ['wait', '--', 'what'],
      'He said "go" and \'stop\'': ['He', 'said', '"', 'go', '"', 'and', "'", 'stop', "'"],
      'end.Then': ['end', '.', 'Then'],
      'so...?': ['so', '...', '?'],
    });
  });

  it('writes contractions as multiword tokens like EWT', () => {
    cases({
      "I don't know": ['I', "don't{do n't}", 'know'],
      "can't won't isn't": ["can't{ca n't}", "won't{wo n't}", "isn't{is n't}"],
      "I'm sure it's fine": ["I'm{I 'm}", 'sure', "it's{it 's}", 'fine'],
      "we're they've you'll she'd": ["we're{we 're}", "they've{they 've}", "you'll{you 'll}", "she'd{she 'd}"],
      "DON'T I’m": ["DON'T{DO N'T}", 'I’m{I ’m}'],
      "I'd've": ["I'd've{I 'd 've}"],
      'gonna wanna cannot': ['gonna{gon na}', 'wanna{wan na}', 'cannot{can not}'],
      'dont im': ['dont{do nt}', 'im{i m}'],
    });
  });

  it('writes possessives as multiword tokens', () => {
    cases({
      "Bush's plan": ["Bush's{Bush 's}", 'plan'],
      "the kids' toys": ['the', "kids'{kids '}", 'toys'],
      "PG&E's rates": ["PG&E's{PG&E 's}", 'rates'],
      "the 1960's": ['the', "1960's"],
    });
  });

  it('keeps learned abbreviations whole, and splits the final period of a sentence', () => {
    cases({
      'Dr. Smith and Mr. Jones': ['Dr.', 'Smith', 'and', 'Mr.', 'Jones'],
      'the U.S. government': ['the', 'U.S.', 'government'],
      'apples, etc. and more': ['apples', ',', 'etc.', 'and', 'more'],
      'e.g. this, i.e. that': ['e.g.', 'this', ',', 'i.e.', 'that'],
      'J. Smith': ['J.', 'Smith'],
      'apples, pears, etc.': ['apples', ',', 'pears', ',', 'etc', '.'],
      'I live in the U.S.': ['I', 'live', 'in', 'the', 'U.S', '.'],
    });
  });

  it('keeps URLs and e-mail addresses whole, without trailing punctuation', () => {
    cases({
      'see http://www.example.com/a/b.html.': ['see', 'http://www.example.com/a/b.html', '.'],
      'visit www.google.com, then': ['visit', 'www.google.com', ',', 'then'],
      '<https://x.org/q?a=1&b=2>': ['<', 'https://x.org/q?a=1&b=2', '>'],
      'mail john.doe@example.com!': ['mail', 'john.doe@example.com', '!'],
      '(Rice@ENRON)': ['(', 'Rice@ENRON', ')'],
      'franz371...@gmail.com': ['franz371...@gmail.com'],
      'mailto:amy@compaq.com': ['mailto:amy@compaq.com'],
      'the file ENRON.XLS and notes.doc': ['the', 'file', 'ENRON.XLS', 'and', 'notes.doc'],
    });
  });

  it('keeps numbers, times, dates and phone numbers whole', () => {
    cases({
      '1,200 people paid 3.5 or .04': ['1,200', 'people', 'paid', '3.5', 'or', '.04'],
      'at 5:30 on 11/28/2000': ['at', '5:30', 'on', '11/28/2000'],
      'call 713-853-3989 or +44': ['call', '713-853-3989', 'or', '+44'],
      "in '72": ['in', "'72"],
      '$5 and 50%': ['$', '5', 'and', '50', '%'],
      'the 1960s and 2nd': ['the', '1960s', 'and', '2nd'],
      '5kg at 7pm': ['5', 'kg', 'at', '7', 'pm'],
      '1969-1973': ['1969', '-', '1973'],
    });
  });

  it('keeps emoticons whole', () => {
    cases({
      'great :) thanks :-(': ['great', ':)', 'thanks', ':-('],
      'ok ;) :D ^_^ <3': ['ok', ';)', ':D', '^_^', '<3'],
      'fine (: =)': ['fine', '(:', '=)'],
    });
  });

  it('keeps hashtags and @-mentions whole', () => {
    cases({
      'so #happy today @bob': ['so', '#happy', 'today', '@bob'],
      '#1 fan': ['#', '1', 'fan'],
      '@Ryan_B: hi': ['@Ryan_B', ':', 'hi'],
    });
  });

  it('splits hyphens except after learned prefixes', () => {
    cases({
      'e-mail and non-profit': ['e-mail', 'and', 'non-profit'],
      'well-known': ['well', '-', 'known'],
      'Al-Zaman': ['Al', '-', 'Zaman'],
      'co-workers and re-read': ['co-workers', 'and', 're-read'],
    });
  });

  it('keeps emoji with their modifiers as one token', () => {
    cases({
      'ok 👍🏽 fine': ['ok', '👍🏽', 'fine'],
      'family 👨‍👩‍👧': ['family', '👨‍👩‍👧'],
      'go 🇺🇸!': ['go', '🇺🇸', '!'],
      'yay😀😀': ['yay', '😀', '😀'],
    });
  });

  it('records SpaceAfter=No', () => {
    const t = tok.tokenizeSentence('Hello, world (again)!');
    expect(t.map((x) => [x.form, x.spaceAfter])).toEqual([
      ['Hello', false], [',', true], ['world', true], ['(', false], ['again', false], [')', false], ['!', true],
    ]);
  });

  it('reads its as it + s only before words that follow "it is"', () => {
    cases({
      'its a shame': ['its{it s}', 'a', 'shame'],
      'its own way': ['its', 'own', 'way'],
    });
  });

  it('recovers the original text from tokens and the separators between them', () => {
    const texts = ['  Hello,\tworld!\n\nNew  para (x) ', "It's 5:30pm & I'm late…", 'a\u0000b\u200Bc 😀\u00A0d'];
    for (const text of texts) {
      const tokens: Token[] = tok.tokenize(text).flatMap((s) => s.tokens);
      let rebuilt = '';
      let at = 0;
      for (const t of tokens) {
        const gap = text.slice(at, t.start);
        expect(gap).toMatch(/^[\s\p{Cc}\u200B]*$/u);
        rebuilt += gap + t.form;
        at = t.end;
        expect(t.words.join('')).toBe(t.form);
      }
      rebuilt += text.slice(at);
      expect(rebuilt).toBe(text);
    }
  });
});
