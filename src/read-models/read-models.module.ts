/** The read models (read-models.ts), the service that reads projected subjects, and the projector that keeps them. */
import { Module } from '@nestjs/common';
import { ClaimsService } from './claims/claims.service.js';
import { ProjectorService } from './projector/projector.service.js';
import { SubjectReadsService } from './projector/subject-reads.service.js';
import { READ_MODELS } from './read-models.js';
import { ViolationClaimTallyResolver, ViolationResolver } from './violations/violation.resolver.js';

@Module({
  providers: [
    ProjectorService,
    SubjectReadsService,
    ViolationResolver,
    ViolationClaimTallyResolver,
    ...READ_MODELS.flatMap((model) => model.providers),
  ],
  // The claims export (src/export/claims) reads the ledger through ClaimsService.
  exports: [ProjectorService, SubjectReadsService, ClaimsService],
})
export class ReadModelsModule {}
