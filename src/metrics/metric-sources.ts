/**
 * The values /metrics reads when it is scraped rather than counts as things happen: the log's
 * head and each projection's checkpoint (one query on two tiny tables, projector.status()), the
 * database pools, the read replica's state and lag, and the open WebSocket connections with their operations.
 */
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { poolUsage } from '../database/pool-usage.js';
import { ReadDatabase } from '../database/read-database.js';
import { GraphqlWsServer } from '../graphql/graphql-ws.server.js';
import { ProjectorService } from '../read-models/projector/projector.service.js';
import { Metrics } from './metrics.js';

@Injectable()
export class MetricSources implements OnApplicationBootstrap {
  constructor(
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(ProjectorService) private readonly projector: ProjectorService,
    @Inject(DataSource) private readonly primary: DataSource,
    @Inject(ReadDatabase) private readonly reads: ReadDatabase,
    @Inject(GraphqlWsServer) private readonly ws: GraphqlWsServer,
  ) {}

  onApplicationBootstrap(): void {
    const m = this.metrics;
    m.onScrape('pools', () => {
      const pools: Array<[string, DataSource | null]> = [
        ['primary', this.primary],
        ['replica', this.reads.replicaSource],
      ];
      for (const [pool, db] of pools) {
        const usage = db ? poolUsage(db) : null;
        if (!usage) continue;
        m.poolConnections.set({ pool }, usage.total);
        m.poolIdle.set({ pool }, usage.idle);
        m.poolWaiting.set({ pool }, usage.waiting);
      }
    });
    m.onScrape('replica', () => {
      const state = this.reads.replicaState;
      if (state === 'none') return;
      m.replicaServingReads.set(state === 'up' ? 1 : 0);
      const lagMs = this.reads.replicaLagMs;
      if (lagMs !== null) m.replicaLag.set(lagMs / 1000);
    });
    m.onScrape('projections', async () => {
      const status = await this.projector.status();
      for (const { name, position, lag } of status) {
        m.projectionPosition.set({ projection: name }, Number(position));
        m.projectionLag.set({ projection: name }, lag);
        // Every row carries the same head: the checkpoint plus its lag.
        m.logHead.set(Number(BigInt(position) + BigInt(lag)));
      }
    });
    m.onScrape('websockets', () => {
      const { connections, operations } = this.ws.usage();
      m.wsConnections.set(connections);
      m.wsOperations.set(operations);
    });
  }
}
