/** What a read model is to the application: its Nest providers and, when it is projected, its projection. */
import type { Provider } from '@nestjs/common';
import type { AnyProjection } from './projector/subject-projection.js';

export interface ReadModel {
  name: string;
  /** Resolvers and services. */
  providers: Provider[];
  /** Present when the read model is projected into a table (the projector runs it); absent when it is read from the log on demand. */
  projection?: AnyProjection;
}
