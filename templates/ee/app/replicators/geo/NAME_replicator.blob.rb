# frozen_string_literal: true

module Geo
  class {{ n.replicator_class }} < Gitlab::Geo::Replicator
    include ::Geo::BlobReplicatorStrategy

    def carrierwave_uploader
      model_record.file
    end

    def self.model
      ::{{ n.model_class }}
    end
  end
end
