/** Bulk import (POST /import/events, /import/actors) and the actor export (GET /export/actors). */
import { Module } from '@nestjs/common';
import { ActorExportController } from './actor-export.controller.js';
import { ActorImporter } from './actor-importer.js';
import { EventImporter } from './event-importer.js';
import { ImportController } from './import.controller.js';

@Module({
  controllers: [ImportController, ActorExportController],
  providers: [EventImporter, ActorImporter],
  exports: [EventImporter, ActorImporter],
})
export class ImportModule {}
