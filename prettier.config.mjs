// The layout of every file: Prettier with a print width of 120 (the house style).
export default {
  printWidth: 120,
  singleQuote: true,
  trailingComma: 'all',
};
