/**
 * The payload part of the form, built from the codebook: one control for each field of the
 * event's type, chosen by the field's kind — actors as a select (one) or checkboxes (several) from
 * the actors registry, enumerations as selects, texts, numbers, flags, lists one per line, nested
 * objects (a proposal's terms) as fieldsets, lists of objects (quantities) as groups that grow. The
 * label is the field's name in words, the hint its meaning from the codebook.
 */
import {
  type Choice,
  type Control,
  type FieldOptions,
  checkboxesControl,
  flagControl,
  integerControl,
  jsonControl,
  linesControl,
  objectControl,
  selectControl,
  textControl,
} from './form-controls.js';
import type { CodebookType, FieldSpec } from './codebook.js';
import { repeatingGroup } from './repeating-group.js';

export interface PayloadContext {
  /** The actors of the registry, as choices (value: id). */
  actors: readonly Choice[];
  announce: (text: string) => void;
}

/** `durationMinutes` → "Duration minutes", `readoutOf` → "Readout of". */
export function fieldLabel(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DATE_HINT = 'As 2025-03-18T14:00Z (a time with its zone) or 2025-03-18 (UTC midnight).';

/** The fields of an object (the payload, a proposal's terms, a quantity) in a fieldset. */
function fieldsControl(options: FieldOptions, fields: readonly FieldSpec[], context: PayloadContext): Control {
  return objectControl(
    options,
    fields.map((spec) => [spec.name, fieldControl(spec, `${options.path}.${spec.name}`, context)] as const),
  );
}

export function fieldControl(spec: FieldSpec, path: string, context: PayloadContext): Control {
  const options: FieldOptions = { path, label: fieldLabel(spec.name), required: spec.required, hint: spec.meaning };
  const type = spec.type;
  switch (type.kind) {
    case 'string':
      return textControl({ ...options, multiline: type.maxLength > 300 });
    case 'string list':
    case 'uuid list':
    case 'stream id list':
      return linesControl(options);
    case 'actor id':
      return selectControl({ ...options, choices: context.actors });
    case 'actor id list':
      return checkboxesControl({ ...options, choices: context.actors });
    case 'integer':
      return integerControl({
        ...options,
        hint: `${spec.meaning} A whole number from ${type.minimum.toLocaleString('en')} to ${type.maximum.toLocaleString('en')}.`,
      });
    case 'boolean':
      return flagControl(options);
    case 'date-time':
      return textControl({ ...options, hint: `${spec.meaning} ${DATE_HINT}` });
    case 'uuid':
      return textControl({ ...options, hint: `${spec.meaning} The event's id (a UUID), as its details show it.` });
    case 'stream id':
    case 'country code':
      return textControl(options);
    case 'enum':
      return selectControl({ ...options, choices: type.values.map((v) => ({ value: v, label: v })) });
    case 'object':
      return fieldsControl(options, type.fields, context);
    case 'object list': {
      const fields = type.fields;
      return repeatingGroup({
        ...options,
        item: type.name.toLowerCase(),
        min: 0,
        announce: context.announce,
        make: (itemPath, label) => fieldsControl({ path: itemPath, label, required: true }, fields, context),
      });
    }
    case 'payload':
      return jsonControl({ ...options, hint: `${spec.meaning} As JSON, the fields of the corrected event's type.` });
  }
}

/** The payload of `type` (`data`), read as an object (empty when nothing is entered: the checks then name what is required). */
export function payloadControl(type: CodebookType, path: string, context: PayloadContext): Control {
  const inner = fieldsControl(
    { path, label: 'What happened', required: true, hint: type.description },
    type.fields,
    context,
  );
  return { ...inner, read: () => inner.read() ?? {} };
}
