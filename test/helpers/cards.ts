/** The commands of the shell block under a model card's "## Training command", one per line once continuation lines are joined, `npx ` dropped. */
export function cardCommands(card: string): string[] {
  const section = card.split(/^## /m).find((s) => s.startsWith('Training command'));
  const block = section && /```sh\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error('no ```sh block under "## Training command"');
  return block[1].replace(/\\\n/g, ' ').split('\n').map((l) => l.replace(/\s+/g, ' ').trim().replace(/^npx /, '')).filter((l) => l !== '');
}

/** The single command of a card's training block. */
export function cardCommand(card: string): string {
  const commands = cardCommands(card);
  if (commands.length !== 1) throw new Error(`expected one command, found ${commands.length}`);
  return commands[0] as string;
}
