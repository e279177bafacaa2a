# frozen_string_literal: true

module Geo
  class CiSecureFileReplicator < Gitlab::Geo::Replicator
    include ::Geo::BlobReplicatorStrategy

    def carrierwave_uploader
      model_record.file
    end

    def self.model
      ::Ci::SecureFile
    end
  end
end
