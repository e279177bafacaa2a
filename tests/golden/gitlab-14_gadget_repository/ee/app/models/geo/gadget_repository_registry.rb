# frozen_string_literal: true

class Geo::GadgetRepositoryRegistry < Geo::BaseRegistry
  include ::Geo::ReplicableRegistry
  include ::Geo::VerifiableRegistry

  MODEL_CLASS = ::GadgetRepository
  MODEL_FOREIGN_KEY = :gadget_repository_id

  belongs_to :gadget_repository, class_name: 'GadgetRepository'
end
