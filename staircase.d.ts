/** See staircase.js: the layers, top to bottom, each a list of top-level folders. */
export declare const LAYERS: readonly (readonly string[])[];
