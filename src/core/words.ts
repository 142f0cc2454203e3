/** Counting words for messages: "3 URLs", "1 application", "2 entries". */
export const plural = (n: number, word: string): string =>
  `${n} ${n === 1 ? word : /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`}`;
