/** The shell block under a model card's "## Training command", continuation lines joined, `npx ` dropped. */
export function cardCommand(card: string): string {
  const section = card.split(/^## /m).find((s) => s.startsWith('Training command'));
  const block = section && /```sh\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error('no ```sh block under "## Training command"');
  return block[1].replace(/\\\n/g, ' ').replace(/\s+/g, ' ').trim().replace(/^npx /, '');
}
