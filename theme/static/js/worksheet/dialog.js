/* The question asked before anything is removed or replaced (clearing, importing): a modal
   dialog that names what will change; the safe answer has the focus, and Escape gives it. */
export const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/** True when the reader presses `yes` (its value is `name`); false for `no` or Escape. */
export function confirmChange(root, name, { title, parts, yes, no }) {
  const id = `${root.id}-${name}`;
  const dialog = el('dialog', { className: 'worksheet-dialog' },
    el('form', { method: 'dialog' },
      el('h2', { id: `${id}-title` }, title),
      ...parts,
      el('p', {}, 'You can undo this until you leave the page.'),
      el('p', { className: 'worksheet-actions' },
        el('button', { type: 'submit', value: name }, yes),
        el('button', { type: 'submit', value: 'keep', autofocus: true }, no))));
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === name);
      dialog.remove();
    }, { once: true });
    root.append(dialog);
    dialog.showModal();
  });
}
