export type TextField = HTMLInputElement | HTMLTextAreaElement;

/** Sets a field's text the way typing does, so the React form that owns the field hears the edit. */
export function typeInto(field: TextField, text: string): void {
  // React watches the element's own value property: the prototype's setter goes past it, and the input event is heard.
  const setValue = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field) as object, 'value')?.set;
  setValue?.call(field, text);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}
