# frozen_string_literal: true

module Geo
  class TerraformStateReplicator < Gitlab::Geo::Replicator
    include ::Geo::BlobReplicatorStrategy

    def carrierwave_uploader
      model_record.file
    end

    def self.model
      ::Terraform::State
    end
  end
end
