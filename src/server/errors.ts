// The error classes are plain values with no I/O, so they live in src/domain (the lowest layer, which
// src/db uses too); this module keeps the import path every area already uses.
export * from '../domain/errors.ts';
