/** Evidence files (migration 0006): each file once, under the SHA-256 of its bytes. */
export type EvidenceFilesTable = {
  sha256: string;
  content: Uint8Array;
  bytes: number;
  stored_at: string;
};

export type OutcomeTables = { evidence_files: EvidenceFilesTable };
