# frozen_string_literal: true

module Geo
  class {{ n.replicator_class }} < Gitlab::Geo::Replicator
    include ::Geo::RepositoryReplicatorStrategy

    def repository
      model_record.repository
    end

    def self.model
      ::{{ n.model_class }}
    end
  end
end
