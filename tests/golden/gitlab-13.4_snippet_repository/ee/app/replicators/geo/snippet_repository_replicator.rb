# frozen_string_literal: true

module Geo
  class SnippetRepositoryReplicator < Gitlab::Geo::Replicator
    include ::Geo::RepositoryReplicatorStrategy

    def repository
      model_record.repository
    end

    def self.model
      ::SnippetRepository
    end

    def self.replication_enabled_by_default?
      false
    end
  end
end
